package connectivity.cli.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.dht.DhtConfig;
import connectivity.torrent.dht.DhtNode;
import connectivity.torrent.dht.DhtPeerSource;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import connectivity.torrent.swarm.SwarmEvents;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code torrent get MAGNET} through the DHT alone: no tracker, no {@code x.pe}, no {@code --peer}. */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TorrentDhtCliTest {
    @TempDir
    Path tmp;

    @Test
    void aMagnetWithOnlyItsInfoHashIsFetchedThroughTheDht() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        byte[] data = new byte[200_000];
        new Random(5).nextBytes(data);
        Files.write(seedDir.resolve("dht.bin"), data);
        Metainfo m = Metainfo.parse(TorrentCreator.of(seedDir.resolve("dht.bin")).pieceLength(32 * 1024).build());
        Path out = tmp.resolve("out");
        try (DhtNode boot = DhtNode.open(new InetSocketAddress("127.0.0.1", 0), DhtConfig.defaults(), List.of(), Optional.empty());
                DhtNode seederNode = DhtNode.open(new InetSocketAddress("127.0.0.1", 0), DhtConfig.defaults(), List.of(boot.address()),
                        Optional.empty());
                Swarm seeder = Swarm.forSeeding(InfoLayout.of(m.info()), m.infoHash().bytes(), seedDir,
                        SwarmConfig.defaults().withBind("127.0.0.1", 0), new DhtPeerSource(seederNode, m.infoHash(), Duration.ofSeconds(5)),
                        SwarmEvents.NONE).start()) {
            // The seeder's first announce stores it on the only other node, the bootstrap one.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> boot.stats().storedPeers() >= 1);

            ConnRun r = ConnRun.run("torrent", "get", "magnet:?xt=urn:btih:" + m.infoHash().hex(), "-o", out.toString(), "--no-seed",
                    "--port", "0", "--bind", "127.0.0.1", "--dht-bootstrap", "127.0.0.1:" + boot.address().getPort(),
                    "--metadata-timeout", "30");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("the DHT");
            assertThat(Files.readAllBytes(out.resolve("dht.bin"))).isEqualTo(data);
        }
    }

    @Test
    void withoutTheDhtAMagnetWithNoTrackerOrPeerIsRefused() {
        ConnRun r = ConnRun.run("torrent", "get", "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a", "-o", tmp.toString(),
                "--no-seed", "--port", "0", "--bind", "127.0.0.1", "--no-dht", "--dht-bootstrap", "127.0.0.1:9");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("conn: the magnet link names no tracker and no peer").hasLineCount(1);
    }
}
