package connectivity.cli.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.dht.DhtConfig;
import connectivity.torrent.dht.DhtNode;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conn torrent get | seed} and real peers that meet only through the DHT: every side is bootstrapped from one
 * node of ours on 127.0.0.1; no tracker, no {@code x.pe}, no {@code --peer}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TorrentDhtInteropTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/test/resources/connectivity/cli/torrent/lt_dht_peer.py");

    @TempDir
    Path tmp;

    private final List<Process> started = new java.util.ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLibtorrentMagnetLeecherFindsOurSeederThroughTheDht() throws Exception {
        requireLibtorrent();
        byte[] data = payload(300_000, 11);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Files.write(seedDir.resolve("ours.bin"), data);
        Path torrent = tmp.resolve("ours.torrent");
        Metainfo m = TorrentCreator.of(seedDir.resolve("ours.bin")).pieceLength(32 * 1024).writeTo(torrent, false);
        try (DhtNode boot = bootNode()) {
            // `conn torrent seed` serves until it is stopped: its own process, killed in stopProcesses.
            start(tmp.resolve("conn-seed.log"), javaCommand("torrent", "seed", torrent.toString(), seedDir.toString(), "--bind", "127.0.0.1",
                    "--port", "0", "--dht-bootstrap", bootstrap(boot)));
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> boot.stats().storedPeers() >= 1);

            Path out = Files.createDirectories(tmp.resolve("lt-out"));
            Programs.Result leech = Programs.run(tmp, 90, PYTHON.toString(), SCRIPT.toAbsolutePath().toString(), "leech", m.infoHash().hex(),
                    out.toString(), "127.0.0.1", Integer.toString(boot.address().getPort()), "60");

            assertThat(leech.exitCode()).as(leech.output() + Files.readString(tmp.resolve("conn-seed.log"))).isZero();
            assertThat(Files.readAllBytes(out.resolve("ours.bin"))).isEqualTo(data);
        }
    }

    @Test
    void ourMagnetLeecherFindsALibtorrentSeederThroughTheDht() throws Exception {
        requireLibtorrent();
        byte[] data = payload(400_000, 12);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Files.write(seedDir.resolve("lt.bin"), data);
        Path torrent = tmp.resolve("lt.torrent");
        Metainfo m = TorrentCreator.of(seedDir.resolve("lt.bin")).pieceLength(32 * 1024).writeTo(torrent, false);
        try (DhtNode boot = bootNode()) {
            Process seeder = start(tmp.resolve("lt-seed.log"), PYTHON.toString(), SCRIPT.toAbsolutePath().toString(), "seed", torrent.toString(),
                    seedDir.toString(), "127.0.0.1", Integer.toString(boot.address().getPort()));
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> boot.stats().storedPeers() >= 1 || !seeder.isAlive());
            assertThat(boot.stats().storedPeers()).as(Files.readString(tmp.resolve("lt-seed.log"))).isPositive();

            assertGetsByMagnet(boot, m, "lt.bin", data);
        }
    }

    @Test
    void ourMagnetLeecherFindsAnAria2SeederThroughTheDht() throws Exception {
        RealPeers.require("aria2c");
        byte[] data = payload(400_000, 13);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Files.write(seedDir.resolve("aria.bin"), data);
        Path torrent = tmp.resolve("aria.torrent");
        Metainfo m = TorrentCreator.of(seedDir.resolve("aria.bin")).pieceLength(32 * 1024).writeTo(torrent, false);
        try (DhtNode boot = bootNode()) {
            Process aria = start(tmp.resolve("aria2.log"), "aria2c", "--no-conf=true", "--enable-dht=true", "--enable-dht6=false",
                    "--dht-listen-port=" + freePort(), "--dht-entry-point=" + bootstrap(boot), "--dht-file-path=" + tmp.resolve("dht.dat"),
                    "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--file-allocation=none", "--listen-port=" + freePort(),
                    "--dir=" + seedDir, "--bt-seed-unverified=true", "--seed-ratio=0.0", "--seed-time=5", "--check-integrity=false",
                    "--console-log-level=warn", "--summary-interval=0", torrent.toString());
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> boot.stats().storedPeers() >= 1 || !aria.isAlive());
            assertThat(boot.stats().storedPeers()).as(Files.readString(tmp.resolve("aria2.log"))).isPositive();

            assertGetsByMagnet(boot, m, "aria.bin", data);
        }
    }

    private void assertGetsByMagnet(DhtNode boot, Metainfo m, String name, byte[] data) throws Exception {
        Path out = tmp.resolve("out");
        ConnRun r = ConnRun.run("torrent", "get", "magnet:?xt=urn:btih:" + m.infoHash().hex(), "-o", out.toString(), "--no-seed",
                "--bind", "127.0.0.1", "--port", "0", "--dht-bootstrap", bootstrap(boot), "--metadata-timeout", "60");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("the DHT", "download complete and verified");
        assertThat(Files.readAllBytes(out.resolve(name))).isEqualTo(data);
        assertThat(Metainfo.read(out.resolve(name + ".torrent")).info()).isEqualTo(m.info());
    }

    private Process start(Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        return p;
    }

    /** {@code conn} in its own JVM, on this test's class path. */
    private static String[] javaCommand(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "connectivity.cli.Conn"));
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    private static DhtNode bootNode() throws IOException {
        return DhtNode.open(new InetSocketAddress("127.0.0.1", 0), DhtConfig.defaults(), List.of(), Optional.empty());
    }

    private static String bootstrap(DhtNode boot) {
        return "127.0.0.1:" + boot.address().getPort();
    }

    private static byte[] payload(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void requireLibtorrent() throws Exception {
        RealPeers.require("python3");
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import libtorrent").redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        RealPeers.requireThat(check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0, "python3-libtorrent is not installed");
    }
}
