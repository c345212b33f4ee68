package connectivity.cli.call;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.media.Wav;
import connectivity.net.testing.RealPeers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Failures between real processes in the NAT lab: a peer killed, the rendezvous restarted, the relay down. */
@Timeout(120)
class NatLabFaultsIT {
    static final String RENDEZVOUS = "198.18.0.10:7400";

    NatLab lab;
    String srv, p1, a1, b1;
    Path secret;

    @TempDir
    Path dir;

    @BeforeEach
    void buildLab() throws Exception {
        RealPeers.require("ip");
        RealPeers.require("iptables");
        RealPeers.requireThat(NatLab.available(), "NAT lab needs root, ip netns and iptables");
        RealPeers.requireThat(Files.exists(NatLab.connJar()), "conn.jar not built (mvn package)");
        lab = new NatLab();
        srv = lab.publicHost("srv", 10);
        p1 = lab.publicHost("p1", 100);
        String r1 = lab.router(1, false);
        a1 = lab.lanHost("a1", r1, 1, 2);
        String r2 = lab.router(2, false);
        b1 = lab.lanHost("b1", r2, 2, 2);
        secret = dir.resolve("relay-secret");
    }

    @AfterEach
    void tearDown() {
        if (lab != null) lab.close();
    }

    NatLab.Conn rendezvous() throws IOException {
        NatLab.Conn r = lab.conn(srv, "rendezvous", "rendezvous", "--port", "7400", "--secret-file", secret.toString(),
                "--ping-interval", "1", "--verbose");
        r.await("rendezvous listening", Duration.ofSeconds(30));
        return r;
    }

    String[] client(String verb, String name, String... more) {
        String[] base = {"call", verb, "--as", name, "--rendezvous", RENDEZVOUS, "--config-dir", dir.resolve(name).toString(),
            "--save-to", dir.resolve(name + "-in").toString(), "--ping-interval", "1"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        if (verb.isEmpty()) {
            String[] interactive = new String[all.length - 1];
            interactive[0] = "call";
            System.arraycopy(all, 2, interactive, 1, all.length - 2);
            return interactive;
        }
        return all;
    }

    @Test
    void calleeKilledMidCallEndsTheCallButTheCallerStaysLoggedIn() throws Exception {
        rendezvous();
        NatLab.Conn bob = lab.conn(a1, "bob", client("answer", "bob"));
        bob.await("logged in as", Duration.ofSeconds(30));
        NatLab.Conn alice = lab.conn(p1, "alice", client("", "alice"));
        alice.await("logged in as", Duration.ofSeconds(30));
        byte[] pcm = new byte[16000 * 2 * 20]; // 20 s of voice: still streaming when bob dies
        Path wav = Files.write(dir.resolve("long.wav"), Wav.write(new Wav.Format(1, 16000, 16), pcm));
        OutputStream stdin = alice.process.getOutputStream();
        type(stdin, "/call bob");
        alice.await("connected via reverse", Duration.ofSeconds(30));
        type(stdin, "/voice " + wav);
        bob.await("call with alice connected", Duration.ofSeconds(10));
        alice.await("voice: ", Duration.ofSeconds(10)); // a progress line: frames are flowing
        bob.kill();
        // FIN or RST depends on what bob's kernel still held unread; the user hears the same either way
        assertThat(alice.await("call ended: ", Duration.ofSeconds(20)))
                .isEqualTo("call ended: connection reset (bob went away without hanging up)");
        type(stdin, "/who");
        assertThat(alice.await("online: ", Duration.ofSeconds(10))).isEqualTo("online: alice");
        type(stdin, "/quit");
        assertThat(alice.exit(Duration.ofSeconds(20))).isZero();
    }

    @Test
    void clientsLogInAgainWhenTheRendezvousComesBack() throws Exception {
        NatLab.Conn rv = rendezvous();
        NatLab.Conn bob = lab.conn(a1, "bob", client("answer", "bob"));
        bob.await("logged in as", Duration.ofSeconds(30));
        rv.kill();
        bob.await("rendezvous connection lost: .*reconnecting in", Duration.ofSeconds(10));
        rendezvous();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> bob.lines.stream().filter(l -> l.startsWith("logged in as bob")).count() >= 2);
        NatLab.Conn alice = lab.conn(p1, "alice", insertPeer(client("dial", "alice", "--message", "after the restart"), "bob"));
        assertThat(alice.exit(Duration.ofSeconds(60))).as(alice.output()).isZero();
        assertThat(bob.exit(Duration.ofSeconds(20))).as(bob.output()).isZero();
        assertThat(bob.printed("alice: after the restart")).isTrue();
    }

    @Test
    void relayDownGivesAClearMessageNotAHang() throws Exception {
        rendezvous();
        NatLab.Conn bob = lab.conn(b1, "bob", client("answer", "bob"));
        bob.await("logged in as", Duration.ofSeconds(30));
        String[] dial = client("dial", "alice", "--relay", "198.18.0.10:7599", "--message", "hi");
        NatLab.Conn alice = lab.conn(a1, "alice", insertPeer(dial, "bob"));
        assertThat(alice.exit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(alice.output()).contains("conn: call failed: no path worked (relay: relay 198.18.0.10:7599 unreachable: connection refused)");
        assertThat(bob.exit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(bob.output()).contains("call failed: no path worked");
    }

    static String[] insertPeer(String[] dialArgs, String peer) {
        String[] out = new String[dialArgs.length + 1];
        out[0] = dialArgs[0];
        out[1] = dialArgs[1];
        out[2] = peer;
        System.arraycopy(dialArgs, 2, out, 3, dialArgs.length - 2);
        return out;
    }

    static void type(OutputStream stdin, String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }
}
