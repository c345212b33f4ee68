package connectivity.cli.call;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two rendezvous instances and a relay on one redis-server, all on the lab's public server, and two users each behind
 * a NAT of their own: alice on instance 1 calls bob on instance 2 through the relay (the signals cross instances
 * through Redis); then bob's instance is killed, bob moves to instance 1, and alice's next call reaches him there.
 */
@Timeout(240)
class NatLabCrossInstanceIT {
    static final String ONE = "198.18.0.10:7400";
    static final String TWO = "198.18.0.10:7401";
    static final String RELAY = "198.18.0.10:7500";
    static final Duration T = Duration.ofSeconds(60);

    NatLab lab;
    String srv, a1, b1;

    @TempDir
    Path dir;

    @BeforeEach
    void buildLab() throws Exception {
        RealPeers.require("ip");
        RealPeers.require("iptables");
        Path redisServer = RealPeers.require("redis-server");
        RealPeers.requireThat(NatLab.available(), "NAT lab needs root, ip netns and iptables");
        RealPeers.requireThat(Files.exists(NatLab.connJar()), "conn.jar not built (mvn package)");
        lab = new NatLab();
        srv = lab.publicHost("srv", 10);
        a1 = lab.lanHost("a1", lab.router(1, false), 1, 2);
        b1 = lab.lanHost("b1", lab.router(2, false), 2, 2);
        Path data = Files.createDirectories(dir.resolve("redis"));
        lab.exec(srv, "redis", redisServer.toString(), "--port", "6390", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", data.toString()).await("Ready to accept connections", Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() {
        if (lab != null) lab.close();
    }

    NatLab.Conn server(String label, String command, int port) {
        try {
            NatLab.Conn c = lab.conn(srv, label, command, "--port", Integer.toString(port), "--secret-file",
                    dir.resolve("relay-secret").toString(), "--store", "redis://127.0.0.1:6390", "--ping-interval", "2", "-v");
            c.await("listening on", Duration.ofSeconds(30));
            return c;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCallAcrossInstancesBetweenTwoNatsGoesThroughTheRelayAndFollowsAMovedCallee() throws Exception {
        server("rendezvous-1", "rendezvous", 7400); // makes the shared secret the others read
        NatLab.Conn two = server("rendezvous-2", "rendezvous", 7401);
        lab.conn(srv, "relay", "relay", "--port", "7500", "--secret-file", dir.resolve("relay-secret").toString(),
                "--store", "redis://127.0.0.1:6390", "-v").await("relay listening", Duration.ofSeconds(30));
        Path file = dir.resolve("one-mib.bin");
        NatLab.writeRandom(file, 1 << 20, 16);
        Path inbox = Files.createDirectories(dir.resolve("inbox"));

        NatLab.Conn bob = lab.conn(b1, "bob", "call", "answer", "--as", "bob", "--rendezvous", TWO + "," + ONE,
                "--config-dir", dir.resolve("bob").toString(), "--save-to", inbox.toString(), "--ping-interval", "2",
                "--calls", "2");
        bob.await("^logged in as bob", T);
        NatLab.Conn first = dial("alice-1", "across instances", "--send", file.toString());
        assertThat(first.exit(T)).as(first.output()).isZero();
        assertThat(first.await("connected via", Duration.ofSeconds(1))).contains("connected via relay ");
        bob.await("^alice: across instances$", T);
        assertThat(Files.mismatch(file, inbox.resolve(file.getFileName()))).isEqualTo(-1L);

        two.kill(); // bob's instance dies without a word
        bob.await("^now on rendezvous " + ONE.replace(".", "\\.") + "$", T);
        NatLab.Conn second = dial("alice-2", "after the move");
        assertThat(second.exit(T)).as(second.output()).isZero();
        assertThat(second.output()).contains("connected via relay ");
        bob.await("^alice: after the move$", T);
        assertThat(bob.exit(T)).as(bob.output()).isZero();
    }

    private NatLab.Conn dial(String label, String message, String... more) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("call", "dial", "bob", "--as", "alice",
                "--rendezvous", ONE, "--relay", RELAY, "--config-dir", dir.resolve("alice").toString(), "--message", message,
                "--ping-interval", "2"));
        args.addAll(java.util.List.of(more));
        return lab.conn(a1, label, args.toArray(String[]::new));
    }
}
