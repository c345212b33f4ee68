package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import connectivity.net.testing.RedisProcess;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.tracker.Tracker;
import connectivity.torrent.tracker.TrackerConfig;
import connectivity.torrent.tracker.TrackerServer;
import connectivity.torrent.tracker.redis.RedisAddress;
import connectivity.torrent.tracker.redis.RedisSwarmStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tracker processes' worth of trackers sharing one Redis: a seeder that announces only to one and a leecher
 * that announces only to the other find each other, which they can only through the shared store.
 */
@Timeout(120)
class TwoTrackersOnOneRedisTest {
    private static final int SIZE = 3 * 1024 * 1024 + 777;

    @TempDir
    Path tmp;

    private RedisProcess redis;
    private final List<AutoCloseable> open = new ArrayList<>();
    private TrackerServer east;
    private TrackerServer west;
    private Path seedDir;
    private byte[] content;
    private Metainfo meta;

    @BeforeEach
    void setUp() throws Exception {
        redis = RedisProcess.start();
        east = tracker();
        west = tracker();
        seedDir = tmp.resolve("seed");
        Files.createDirectories(seedDir);
        content = new byte[SIZE];
        new Random(7).nextBytes(content);
        Files.write(seedDir.resolve("payload.bin"), content);
        // The torrent names the west tracker only; our seeder is told of the east one alone.
        byte[] torrent = TorrentCreator.of(seedDir.resolve("payload.bin")).tracker(west.announceUrl()).pieceLength(64 * 1024).build();
        Files.write(tmp.resolve("t.torrent"), torrent);
        meta = Metainfo.parse(torrent);
    }

    private TrackerServer tracker() throws IOException {
        RedisSwarmStore store = RedisSwarmStore.connect(RedisAddress.parse(redis.uri()), Optional.empty());
        open.add(store);
        TrackerServer t = TrackerServer.start(new Tracker(store, TrackerConfig.withInterval(Duration.ofSeconds(5)), Clock.systemUTC()), "127.0.0.1", 0);
        open.add(0, t);
        return t;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) c.close();
        if (redis != null) redis.close();
    }

    private Swarm seederOn(TrackerServer tracker) throws IOException {
        Swarm s = Swarm.forSeeding(InfoLayout.of(meta.info()), meta.infoHash().bytes(), seedDir, TestTorrent.config(),
                new TrackerPeerSource(List.of(List.of(tracker.announceUrl())), meta.infoHash()), SwarmEvents.NONE).start();
        open.add(0, s::close);
        return s;
    }

    @Test
    void aSeederOnOneTrackerFeedsALeecherOnTheOther() throws Exception {
        seederOn(east);
        Swarm leecher = Swarm.forDownload(InfoLayout.of(meta.info()), meta.infoHash().bytes(), tmp.resolve("leech"), TestTorrent.config(),
                new TrackerPeerSource(List.of(List.of(west.announceUrl())), meta.infoHash()), SwarmEvents.NONE).start();
        open.add(0, leecher::close);
        assertThat(leecher.awaitComplete(Duration.ofSeconds(60))).isTrue();
        assertThat(Files.readAllBytes(tmp.resolve("leech/payload.bin"))).isEqualTo(content);
    }

    @Test
    void aria2cOnTheOtherTrackerDownloadsFromOurSeeder() throws Exception {
        RealPeers.require("aria2c");
        seederOn(east);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = tmp.resolve("aria2.log");
        ProcessBuilder pb = new ProcessBuilder("aria2c", "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
                "--enable-peer-exchange=false", "--file-allocation=none", "--listen-port=" + port, "--summary-interval=0",
                "--console-log-level=warn", "--seed-time=0", "-d", tmp.resolve("aria").toString(), tmp.resolve("t.torrent").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOME", tmp.toString());
        Process aria = pb.start();
        try {
            assertThat(aria.waitFor(90, TimeUnit.SECONDS)).as("aria2c finished").isTrue();
            assertThat(aria.exitValue()).as(Files.readString(log)).isZero();
        } finally {
            aria.descendants().forEach(ProcessHandle::destroyForcibly);
            aria.destroyForcibly();
            aria.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readAllBytes(tmp.resolve("aria/payload.bin"))).isEqualTo(content);
    }
}
