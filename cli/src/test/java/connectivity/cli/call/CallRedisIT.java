package connectivity.cli.call;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import connectivity.net.testing.RedisProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `conn rendezvous --store redis://` and `conn relay --store redis://` as separate processes on one real
 * redis-server: alice on one rendezvous calls bob on another through a relay, and a restarted rendezvous still
 * refuses alice's name to another key.
 */
@Timeout(180)
class CallRedisIT {
    static final Duration T = Duration.ofSeconds(40);
    static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(store redis://");

    @TempDir
    Path dir;

    RedisProcess redis;
    final List<NatLab.Conn> processes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        RealPeers.requireThat(Files.exists(NatLab.connJar()), "conn.jar not built (mvn package)");
        redis = RedisProcess.start();
    }

    @AfterEach
    void stop() throws Exception {
        processes.forEach(NatLab.Conn::kill);
        if (redis != null) redis.close();
    }

    private NatLab.Conn conn(String label, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", NatLab.connJar().toString()));
        cmd.addAll(List.of(args));
        NatLab.Conn c = new NatLab.Conn(label, new ProcessBuilder(cmd).redirectErrorStream(true).start());
        processes.add(c);
        return c;
    }

    /** Starts a server command and returns its port. */
    private int server(String label, String command) throws IOException {
        NatLab.Conn c = conn(label, command, "--bind", "127.0.0.1", "--port", "0", "--secret-file",
                dir.resolve("secret").toString(), "--store", redis.uri(), "-v");
        Matcher m = LISTENING.matcher(c.await(LISTENING.pattern(), T));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private NatLab.Conn dial(String as, int rendezvous, int relay, String peer, Path config) throws IOException {
        return conn(as, "call", "dial", peer, "--as", as, "--rendezvous", "127.0.0.1:" + rendezvous, "--relay",
                "127.0.0.1:" + relay, "--config-dir", config.toString(), "--listen", "127.0.0.1:0", "--unreachable",
                "--message", "hi from " + as);
    }

    @Test
    void aCallAcrossTwoRendezvousProcessesAndNameOwnershipAfterARestart() throws Exception {
        // The first server creates the shared secret; the others start after it exists.
        int one = server("rendezvous-1", "rendezvous");
        int two = server("rendezvous-2", "rendezvous");
        int relay = server("relay", "relay");

        NatLab.Conn bob = conn("bob", "call", "answer", "--as", "bob", "--rendezvous", "127.0.0.1:" + two,
                "--config-dir", dir.resolve("bob").toString(), "--listen", "127.0.0.1:0", "--unreachable",
                "--save-to", dir.resolve("in").toString(), "--calls", "1");
        bob.await("^logged in as bob", T);
        NatLab.Conn alice = dial("alice", one, relay, "bob", dir.resolve("alice"));
        assertThat(alice.exit(T)).as(alice.output()).isZero();
        assertThat(alice.output()).contains("connected via relay");
        bob.await("^alice: hi from alice$", T);
        assertThat(bob.exit(T)).as(bob.output()).isZero();

        NatLab.Conn first = processes.get(0);
        first.kill();
        int restarted = server("rendezvous-1b", "rendezvous");
        NatLab.Conn mallory = dial("alice", restarted, relay, "bob", dir.resolve("mallory"));
        assertThat(mallory.exit(T)).isEqualTo(1);
        assertThat(mallory.output()).contains("name alice is bound to another key").doesNotContain("Exception");
    }

    @Test
    void theUsersOfAKilledRendezvousProcessMoveToTheOtherAndCanBeCalled() throws Exception {
        int one = server("rendezvous-1", "rendezvous");
        int two = server("rendezvous-2", "rendezvous");
        NatLab.Conn first = processes.get(0);
        NatLab.Conn bob = conn("bob", "call", "answer", "--as", "bob", "--rendezvous", "127.0.0.1:" + one + ",127.0.0.1:" + two,
                "--config-dir", dir.resolve("bob").toString(), "--listen", "127.0.0.1:0", "--ping-interval", "1",
                "--save-to", dir.resolve("in").toString(), "--calls", "1");
        bob.await("^logged in as bob", T);
        first.kill(); // SIGKILL: no logout, bob's presence entry stays until bob writes it again
        bob.await("^now on rendezvous 127\\.0\\.0\\.1:" + two + "$", T);
        NatLab.Conn alice = conn("alice", "call", "dial", "bob", "--as", "alice", "--rendezvous", "127.0.0.1:" + two,
                "--config-dir", dir.resolve("alice").toString(), "--listen", "127.0.0.1:0", "--message", "found you");
        assertThat(alice.exit(T)).as(alice.output()).isZero();
        bob.await("^alice: found you$", T);
        assertThat(bob.exit(T)).as(bob.output()).isZero();
        assertThat(bob.output()).doesNotContain("Exception");
    }
}
