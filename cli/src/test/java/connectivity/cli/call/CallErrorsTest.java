package connectivity.cli.call;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.client.CallClient;
import connectivity.call.client.CallClientConfig;
import connectivity.call.client.ClientEvents;
import connectivity.call.client.IncomingCall;
import connectivity.call.crypto.Identity;
import connectivity.call.media.Wav;
import connectivity.call.relay.RelayTokens;
import connectivity.call.rendezvous.InMemoryNameRegistry;
import connectivity.call.rendezvous.InMemoryPresenceStore;
import connectivity.call.rendezvous.RendezvousServer;
import connectivity.cli.Conn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every way a `conn call dial` can fail ends with one line on stderr, no stack trace, and exit 1 or 2. */
@Timeout(60)
class CallErrorsTest {
    @TempDir
    Path dir;

    RendezvousServer rendezvous;
    final List<CallClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        rendezvous = new RendezvousServer(RendezvousServer.Config.defaults(new RelayTokens(new byte[32])),
                new InMemoryNameRegistry(), new InMemoryPresenceStore()).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        clients.forEach(CallClient::close);
        rendezvous.close();
    }

    /** Runs conn in this JVM; returns {exit code, stderr}. */
    private Object[] conn(String... args) {
        PrintStream savedErr = System.err;
        PrintStream savedOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            int code = Conn.run(args);
            return new Object[] {code, err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(savedErr);
            System.setOut(savedOut);
        }
    }

    private String dial(int expectedExit, String peer, String... more) {
        List<String> args = new ArrayList<>(List.of("call", "dial", peer, "--as", "alice", "--rendezvous",
                "127.0.0.1:" + rendezvous.port(), "--config-dir", dir.resolve("alice").toString(), "--listen", "127.0.0.1:0"));
        args.addAll(List.of(more));
        Object[] r = conn(args.toArray(String[]::new));
        String err = (String) r[1];
        assertThat(r[0]).as(err).isEqualTo(expectedExit);
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("conn: ").doesNotContain("Exception").doesNotContain("\tat ");
        return err.strip();
    }

    private void bob(boolean unreachable, ClientEvents events) throws IOException {
        CallClientConfig.Builder o = CallClientConfig.builder("bob", new InetSocketAddress("127.0.0.1", rendezvous.port()))
                .listen(new InetSocketAddress("127.0.0.1", 0)).unreachable(unreachable).saveTo(dir);
        clients.add(new CallClient(o.build(), Identity.generate(), events).start());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void rendezvousUnreachable() throws IOException {
        int port = closedPort();
        Object[] r = conn("call", "dial", "bob", "--as", "alice", "--rendezvous", "127.0.0.1:" + port,
                "--config-dir", dir.resolve("alice").toString());
        assertThat(r[0]).isEqualTo(1);
        assertThat(((String) r[1]).strip()).isEqualTo("conn: rendezvous 127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void severalRendezvousInstancesAreTriedInOrder() throws IOException {
        int a = closedPort();
        int b = closedPort();
        Object[] r = conn("call", "dial", "bob", "--as", "alice", "--rendezvous", "127.0.0.1:" + a, "--rendezvous",
                "127.0.0.1:" + b, "--config-dir", dir.resolve("alice").toString());
        assertThat(r[0]).isEqualTo(1);
        assertThat(((String) r[1]).strip()).isEqualTo("conn: rendezvous 127.0.0.1:" + a + ": connection refused; rendezvous 127.0.0.1:"
                + b + ": connection refused");
        // A comma list: the dead first instance is passed over, and the call goes through the live one.
        bob(false, autoAccept());
        r = conn("call", "dial", "bob", "--as", "alice", "--rendezvous", "127.0.0.1:" + a + ",127.0.0.1:" + rendezvous.port(),
                "--config-dir", dir.resolve("alice").toString(), "--listen", "127.0.0.1:0", "--message", "hi");
        assertThat(r[0]).as((String) r[1]).isEqualTo(0);
    }

    @Test
    void unknownAndOfflineCallees() throws IOException {
        assertThat(dial(1, "nobody")).isEqualTo("conn: call failed: nobody named nobody has logged in here");
        bob(false, new ClientEvents() {});
        clients.remove(0).close();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> rendezvous.presence().get("bob").isEmpty());
        assertThat(dial(1, "bob")).isEqualTo("conn: call failed: bob is not online");
    }

    @Test
    void calleeRejects() throws IOException {
        bob(false, new ClientEvents() {
            @Override
            public void incoming(IncomingCall call) {
                try {
                    call.reject();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        assertThat(dial(1, "bob")).isEqualTo("conn: call failed: bob rejected the call");
    }

    @Test
    void relayDown() throws IOException {
        bob(true, autoAccept());
        int port = closedPort();
        assertThat(dial(1, "bob", "--unreachable", "--relay", "127.0.0.1:" + port)).isEqualTo(
                "conn: call failed: no path worked (relay: relay 127.0.0.1:" + port + " unreachable: connection refused)");
    }

    @Test
    void noPathWithoutARelay() throws IOException {
        bob(true, autoAccept());
        assertThat(dial(1, "bob", "--unreachable"))
                .isEqualTo("conn: call failed: no path: neither side is reachable and no relay was given (--relay)");
    }

    @Test
    void badFilesAreRefusedBeforeAnyCall() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not audio");
        byte[] floatWav = Wav.write(new Wav.Format(1, 8000, 32), new byte[320]);
        floatWav[20] = 3; // format tag 3: IEEE float, not PCM
        Path floats = Files.write(dir.resolve("float.wav"), floatWav);
        Path huge = Files.write(dir.resolve("huge.wav"), Wav.write(new Wav.Format(8, 384_000, 32), new byte[0]));
        assertThat(dial(2, "bob", "--send", dir.resolve("missing.bin").toString()))
                .isEqualTo("conn: no such file: " + dir.resolve("missing.bin"));
        assertThat(dial(2, "bob", "--send", dir.toString())).isEqualTo("conn: " + dir + " is a directory");
        assertThat(dial(2, "bob", "--voice", text.toString())).isEqualTo("conn: " + text + ": not a WAV file (no RIFF/WAVE header)");
        assertThat(dial(2, "bob", "--voice", floats.toString()))
                .isEqualTo("conn: " + floats + ": only PCM WAV is supported (format tag 3)");
        assertThat(dial(2, "bob", "--voice", huge.toString())).startsWith("conn: " + huge + ": unsupported WAV format");
        assertThat(rendezvous.presence().names()).isEmpty(); // none of these logged in
    }

    @Test
    void aCallPingIntervalBelowTheFloorIsBadInput() {
        assertThat(dial(2, "bob", "--call-ping-interval", "0.05"))
                .isEqualTo("conn: --call-ping-interval must be at least 0.1 seconds");
        assertThat(rendezvous.presence().names()).isEmpty();
    }

    @Test
    void badAddressesAreBadInput() {
        for (String bad : new String[] {"nohostport", "host:99999", ":7400", "host:port"}) {
            Object[] r = conn("call", "dial", "bob", "--as", "alice", "--rendezvous", bad);
            assertThat(r[0]).isEqualTo(2);
            assertThat(((String) r[1]).strip()).isEqualTo("conn: --rendezvous: expected HOST:PORT, got " + bad);
        }
    }

    private static ClientEvents autoAccept() {
        return new ClientEvents() {
            @Override
            public void incoming(IncomingCall call) {
                try {
                    call.accept();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }
}
