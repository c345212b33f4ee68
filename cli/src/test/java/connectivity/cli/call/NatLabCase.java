package connectivity.cli.call;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.media.Wav;
import connectivity.net.testing.RealPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The shared NAT lab for the path matrix: rendezvous and relay at 198.18.0.10, public hosts .100
 * and .101, router 1 (cone NAT) with two LAN hosts, router 2 (cone) with one, router 3 (symmetric
 * NAT) with one. Each case runs `conn call answer` and `conn call dial` as separate processes and
 * checks a chat line, a 10 MiB file and 5 s of voice byte for byte, and the path both sides report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NatLabCase {
    static final String RENDEZVOUS = "198.18.0.10:7400";
    static final String RELAY = "198.18.0.10:7500";

    NatLab lab;
    String srv, p1, p2, r1, a1, a2, r2, b1, r3, s1;
    NatLab.Conn rendezvous, relay;
    Path file, voice;

    Path dir;

    @BeforeAll
    void buildLab() throws Exception {
        RealPeers.require("ip");
        RealPeers.require("iptables");
        RealPeers.requireThat(NatLab.available(), "NAT lab needs root, ip netns and iptables");
        RealPeers.requireThat(Files.exists(NatLab.connJar()), "conn.jar not built (mvn package)");
        dir = Files.createTempDirectory("natlab");
        lab = new NatLab();
        srv = lab.publicHost("srv", 10);
        p1 = lab.publicHost("p1", 100);
        p2 = lab.publicHost("p2", 101);
        r1 = lab.router(1, false);
        a1 = lab.lanHost("a1", r1, 1, 2);
        a2 = lab.lanHost("a2", r1, 1, 3);
        r2 = lab.router(2, false);
        b1 = lab.lanHost("b1", r2, 2, 2);
        r3 = lab.router(3, true);
        s1 = lab.lanHost("s1", r3, 3, 2);
        Path secret = dir.resolve("relay-secret");
        rendezvous = lab.conn(srv, "rendezvous", "rendezvous", "--port", "7400", "--secret-file", secret.toString(),
                "--ping-interval", "2", "--verbose");
        rendezvous.await("rendezvous listening", Duration.ofSeconds(30));
        relay = lab.conn(srv, "relay", "relay", "--port", "7500", "--secret-file", secret.toString(), "--verbose");
        relay.await("relay listening", Duration.ofSeconds(30));
        file = dir.resolve("ten-mib.bin");
        NatLab.writeRandom(file, 10 << 20, 42);
        byte[] pcm = new byte[16000 * 2 * 5]; // 5 s of 16 kHz 16-bit mono
        new Random(43).nextBytes(pcm);
        voice = Files.write(dir.resolve("voice.wav"), Wav.write(new Wav.Format(1, 16000, 16), pcm));
    }

    @AfterAll
    void tearDown() {
        if (lab != null) lab.close();
        if (dir != null) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ignored) {
                // temp files only
            }
        }
    }

    /** One end-to-end call from {@code callerNs} to {@code calleeNs}; asserts the path and every byte. */
    void callAndCheck(String caseName, String callerNs, String calleeNs, String expectedPath) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve(caseName + "-inbox"));
        String callee = caseName + "-callee";
        String caller = caseName + "-caller";
        NatLab.Conn answer = lab.conn(calleeNs, callee, "call", "answer", "--as", callee, "--rendezvous", RENDEZVOUS,
                "--config-dir", dir.resolve(callee).toString(), "--save-to", inbox.toString(), "--ping-interval", "2");
        answer.await("logged in as", Duration.ofSeconds(30));
        NatLab.Conn dial = lab.conn(callerNs, caller, "call", "dial", callee, "--as", caller, "--rendezvous", RENDEZVOUS,
                "--relay", RELAY, "--config-dir", dir.resolve(caller).toString(), "--message", "hello from " + caller,
                "--send", file.toString(), "--voice", voice.toString(), "--ping-interval", "2");
        assertThat(dial.exit(Duration.ofSeconds(90))).as(dial.output()).isZero();
        assertThat(answer.exit(Duration.ofSeconds(30))).as(answer.output()).isZero();
        String connected = dial.await("connected via", Duration.ofSeconds(1));
        System.out.println("SETUP " + caseName + ": " + connected);
        assertThat(connected).contains("connected via " + expectedPath + " ");
        assertThat(answer.await("connected via", Duration.ofSeconds(1))).contains("connected via " + expectedPath + " ");
        assertThat(answer.printed(caller + ": hello from " + caller)).as(answer.output()).isTrue();
        assertThat(Files.mismatch(file, inbox.resolve(file.getFileName()))).isEqualTo(-1L);
        assertThat(Files.mismatch(voice, inbox.resolve(voice.getFileName()))).isEqualTo(-1L);
        assertThat(answer.printed("received voice voice.wav: 250 frames of 20 ms, 0 lost")).as(answer.output()).isTrue();
    }
}
