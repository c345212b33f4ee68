package connectivity.cli.call;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.rendezvous.InMemoryNameRegistry;
import connectivity.call.rendezvous.InMemoryPresenceStore;
import connectivity.call.rendezvous.RendezvousServer;
import connectivity.net.testing.RealPeers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive `conn call` as a user drives it, two real processes on 127.0.0.1 typing into
 * each other's lives: /accept with nothing ringing, /reject, /accept, chat both ways, /send,
 * /hangup, /quit; a third user finds the callee busy, /call is refused in a call and while
 * dialing, and /hangup while ringing cancels the ring at the callee.
 */
@Timeout(120)
class CallInteractiveIT {
    static final Duration T = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    RendezvousServer rendezvous;
    final List<NatLab.Conn> processes = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        RealPeers.requireThat(Files.exists(NatLab.connJar()), "conn.jar not built (mvn package)");
        rendezvous = new RendezvousServer(RendezvousServer.Config.defaults(null), new InMemoryNameRegistry(),
                new InMemoryPresenceStore()).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        processes.forEach(NatLab.Conn::kill);
        if (rendezvous != null) rendezvous.close();
    }

    private NatLab.Conn user(String name) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-jar", NatLab.connJar().toString(), "call", "--as", name, "--rendezvous",
                "127.0.0.1:" + rendezvous.port(), "--listen", "127.0.0.1:0", "--config-dir", dir.resolve(name).toString(),
                "--save-to", dir.resolve(name + "-in").toString(), "--ping-interval", "5");
        NatLab.Conn c = new NatLab.Conn(name, new ProcessBuilder(cmd).redirectErrorStream(true).start());
        processes.add(c);
        return c;
    }

    @Test
    void rejectThenAcceptChatSendAndHangUp() throws Exception {
        NatLab.Conn bob = user("bob");
        NatLab.Conn alice = user("alice");
        NatLab.Conn carol = user("carol");
        bob.await("logged in as bob", T);
        alice.await("logged in as alice", T);
        carol.await("logged in as carol", T);

        type(bob, "/accept");
        bob.await("^no call is ringing$", T);

        type(alice, "/call bob");
        bob.await("^incoming call from alice \\(/accept or /reject\\)$", T);
        type(bob, "/reject");
        alice.await("^call failed: bob rejected the call$", T);

        type(alice, "/call bob");
        bob.awaitCount("^incoming call from alice", 2, T);
        type(bob, "/accept");
        alice.await("^call with bob connected via direct in \\d+ ms \\(end-to-end encrypted\\)$", T);
        bob.await("^call with alice connected via direct \\(end-to-end encrypted\\)$", T);

        type(alice, "hello bob");
        bob.await("^alice: hello bob$", T);
        type(bob, "hi alice");
        alice.await("^bob: hi alice$", T);

        byte[] data = new byte[300_000];
        new java.util.Random(5).nextBytes(data);
        Path photo = Files.write(dir.resolve("photo.bin"), data);
        type(alice, "/send " + photo);
        alice.await("^delivered file photo.bin: 300000 bytes, sha256 ok$", T);
        bob.await("^received file photo.bin: 300000 bytes, sha256 ok", T);
        assertThat(Files.readAllBytes(dir.resolve("bob-in").resolve("photo.bin"))).isEqualTo(data);

        type(carol, "/call bob"); // bob is in a call: refused as busy, nothing rings
        carol.await("^call failed: bob is busy$", T);
        bob.await("^carol called; refused as busy \\(you are in a call with alice\\)$", T);
        type(alice, "/call carol");
        alice.await("^already in a call with bob \\(/hangup first\\)$", T);

        type(alice, "/hangup");
        bob.await("^call ended: alice hung up$", T);
        alice.await("^call ended: you hung up$", T);
        type(bob, "/accept"); // the answered call no longer rings
        bob.awaitCount("^no call is ringing$", 2, T);

        type(alice, "/call carol"); // carol lets it ring
        carol.await("^incoming call from alice \\(/accept or /reject\\)$", T);
        type(alice, "/call bob");
        alice.await("^already calling carol \\(/hangup to give up\\)$", T);
        type(alice, "/hangup"); // gives up while it rings: carol's ring is cancelled
        alice.await("^call failed: you cancelled the call$", T);
        carol.await("^alice cancelled the call$", T);
        type(carol, "/accept");
        carol.await("^no call is ringing$", T);

        type(alice, "/quit");
        type(bob, "/quit");
        type(carol, "/quit");
        assertThat(alice.exit(T)).as(alice.output()).isZero();
        assertThat(bob.exit(T)).as(bob.output()).isZero();
        assertThat(carol.exit(T)).as(carol.output()).isZero();
        assertThat(alice.output() + bob.output() + carol.output()).doesNotContain("Exception");
    }

    private static void type(NatLab.Conn who, String line) throws IOException {
        OutputStream in = who.process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
