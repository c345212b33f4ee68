package connectivity.cli.torrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.swarm.PeerSource;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import connectivity.torrent.swarm.SwarmEvents;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code conn torrent daemon} with two torrents, killed with SIGKILL mid-download and started again: both
 * come back in their state (one stopped, its file unwanted at high priority; one downloading), the download resumes
 * without hashing what the state vouches for, and ends byte-identical.
 */
@Timeout(180)
class TorrentDaemonIT {
    private static final Pattern RPC = Pattern.compile("RPC on http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path tmp;
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closeMe = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : closeMe) c.close();
    }

    /** Starts the daemon and returns its RPC port, read from what it prints. */
    private int daemon(int peerPort) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-jar", System.getProperty("conn.jar", "target/conn.jar"), "torrent", "daemon",
                "--config-dir", tmp.resolve("config").toString(), "--download-dir", tmp.resolve("downloads").toString(),
                "--rpc-port", "0", "--port", String.valueOf(peerPort), "--bind", "127.0.0.1")
                .redirectError(tmp.resolve("stderr-" + processes.size() + ".log").toFile()).start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            Matcher m = RPC.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> drain(out));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the daemon printed no RPC address; stderr: " + Files.readString(tmp.resolve("stderr-" + (processes.size() - 1) + ".log")));
    }

    private static void drain(BufferedReader r) {
        try {
            while (r.readLine() != null) {
                // keep the pipe from filling
            }
        } catch (java.io.IOException e) {
            // the process is gone
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Swarm seeder(Metainfo m, Path dir, long limit, int daemonPort) throws Exception {
        Swarm s = Swarm.forSeeding(InfoLayout.of(m.info()), m.infoHash().bytes(), dir,
                SwarmConfig.builder().bind("127.0.0.1", 0).uploadLimit(limit).pex(false).redial(Duration.ofMillis(200), Duration.ofSeconds(1)).build(),
                PeerSource.fixed(List.of(), Duration.ofMinutes(30)), SwarmEvents.NONE).start();
        closeMe.add(s);
        s.connect(List.of(new InetSocketAddress("127.0.0.1", daemonPort)));
        return s;
    }

    @Test
    void killedWithSigkillMidDownloadEveryTorrentComesBackAndTheDownloadEndsByteIdentical() throws Exception {
        Path seed = tmp.resolve("seed");
        Files.createDirectories(seed);
        byte[] content = new byte[12 * 1024 * 1024];
        new Random(9).nextBytes(content);
        Files.write(seed.resolve("big.bin"), content);
        Files.write(seed.resolve("small.bin"), new byte[100_000]);
        byte[] big = TorrentCreator.of(seed.resolve("big.bin")).pieceLength(64 * 1024).build();
        byte[] small = TorrentCreator.of(seed.resolve("small.bin")).pieceLength(16 * 1024).build();
        Metainfo bigMeta = Metainfo.parse(big);
        int pieces = bigMeta.info().pieceCount();
        int peerPort = freePort();

        int rpcPort = daemon(peerPort);
        try (DaemonRpc rpc = new DaemonRpc(rpcPort)) {
            rpc.call("torrent-add", Map.of("metainfo", Base64.getEncoder().encodeToString(big)));
            rpc.call("torrent-add", Map.of("metainfo", Base64.getEncoder().encodeToString(small), "paused", true));
            assertThat(rpc.call("torrent-set", Map.of("ids", List.of(2L), "files-unwanted", List.of(0L), "priority-high", List.of(0L))))
                    .containsEntry("result", "success");
            Swarm slow = seeder(bigMeta, seed, 1_500_000, peerPort);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ((Number) rpc.torrent(1, "percentDone").get("percentDone")).doubleValue() > 0.3);
            processes.get(0).destroyForcibly(); // SIGKILL
            assertThat(processes.get(0).waitFor(10, TimeUnit.SECONDS)).isTrue();
            slow.close();
        }

        rpcPort = daemon(peerPort);
        try (DaemonRpc rpc = new DaemonRpc(rpcPort)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "downloading".equals(rpc.torrent(1, "state").get("state")));
            Map<String, Object> resumed = rpc.torrent(1, "piecesHashedAtStart", "haveValid", "status");
            assertThat(((Number) resumed.get("piecesHashedAtStart")).intValue()).as("pieces hashed again after kill -9").isZero();
            assertThat(((Number) resumed.get("haveValid")).longValue()).isGreaterThan(0);
            assertThat(rpc.torrent(2, "status").get("status")).as("the paused torrent stays stopped").isEqualTo(0L);
            assertThat(rpc.torrent(2, "wanted", "priorities")).as("its file choice too")
                    .containsEntry("wanted", List.of(0L)).containsEntry("priorities", List.of(1L));
            seeder(bigMeta, seed, 0, peerPort);
            await().atMost(Duration.ofSeconds(90)).until(() -> ((Number) rpc.torrent(1, "percentDone").get("percentDone")).doubleValue() == 1.0);
            assertThat(((Number) rpc.torrent(1, "pieceCount").get("pieceCount")).intValue()).isEqualTo(pieces);
        }
        assertThat(Files.readAllBytes(tmp.resolve("downloads/big.bin"))).isEqualTo(content);
    }
}
