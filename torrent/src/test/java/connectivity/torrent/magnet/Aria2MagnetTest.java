package connectivity.torrent.magnet;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import connectivity.torrent.swarm.SwarmEvents;
import connectivity.torrent.swarm.TrackerPeerSource;
import connectivity.torrent.tracker.InMemorySwarmStore;
import connectivity.torrent.tracker.Tracker;
import connectivity.torrent.tracker.TrackerConfig;
import connectivity.torrent.tracker.TrackerServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A magnet link with only a tracker: the metadata and the data from an aria2c seeder that our tracker names. */
@Timeout(120)
class Aria2MagnetTest {
    @TempDir
    Path tmp;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void metadataAndDataFromAnAria2cSeederFoundThroughOurTracker() throws Exception {
        RealPeers.require("aria2c");
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(21).nextBytes(content);
        Files.write(seedDir.resolve("movie.bin"), content);
        Process aria = null;
        try (TrackerServer tracker = TrackerServer.start(
                new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(5)), Clock.systemUTC()), "127.0.0.1", 0)) {
            byte[] torrent = TorrentCreator.of(seedDir.resolve("movie.bin")).tracker(tracker.announceUrl()).pieceLength(64 * 1024).build();
            Path torrentFile = Files.write(tmp.resolve("movie.torrent"), torrent);
            Metainfo meta = Metainfo.parse(torrent);
            ProcessBuilder pb = new ProcessBuilder("aria2c", "--enable-dht=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
                    "--file-allocation=none", "--listen-port=" + freePort(), "--summary-interval=0", "--console-log-level=warn",
                    "--bt-seed-unverified=true", "--seed-time=5", "--seed-ratio=0.0", "-d", seedDir.toString(), torrentFile.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("aria2.log").toFile());
            pb.environment().put("HOME", tmp.toString());
            aria = pb.start();
            MagnetLink link = MagnetLink.parse(MagnetLink.of(meta).toUri());
            assertThat(link.trackers()).containsExactly(tracker.announceUrl());

            byte[] info = MetadataFetch.fetch(link.infoHash(), List.of(),
                    Optional.of(new TrackerPeerSource(List.of(link.trackers()), link.infoHash())),
                    MetadataFetch.Settings.defaults().withTimeout(Duration.ofSeconds(60)).withPort(freePort()), MetadataFetch.Progress.NONE);

            assertThat(info).isEqualTo(meta.info().rawBytes());
            Metainfo fetched = Metainfo.parse(MetadataFiles.torrentBytes(info, link.trackers()));
            try (Swarm us = Swarm.forDownload(InfoLayout.of(fetched.info()), fetched.infoHash().bytes(), tmp.resolve("ours"),
                    SwarmConfig.defaults().withBind("127.0.0.1", 0), new TrackerPeerSource(fetched.trackerTiers(), fetched.infoHash()),
                    SwarmEvents.NONE).start()) {
                assertThat(us.awaitComplete(Duration.ofSeconds(60))).isTrue();
            }
            assertThat(Files.readAllBytes(tmp.resolve("ours/movie.bin"))).isEqualTo(content);
        } finally {
            if (aria != null) {
                aria.destroyForcibly();
                aria.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
