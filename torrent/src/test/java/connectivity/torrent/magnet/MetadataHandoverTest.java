package connectivity.torrent.magnet;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.peer.PeerId;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.swarm.PeerSource;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import connectivity.torrent.swarm.SwarmEvents;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The connections of the metadata phase go on into the download: the seeder sees one connection, not two. */
@Timeout(60)
class MetadataHandoverTest {
    @TempDir
    Path tmp;

    private final List<Swarm> swarms = new ArrayList<>();

    @AfterEach
    void closeSwarms() {
        swarms.forEach(Swarm::close);
    }

    private static PeerSource nobody() {
        return PeerSource.fixed(List.of(), Duration.ofMinutes(30));
    }

    @Test
    void theMetadataConnectionCarriesTheDownloadWithoutADialAgain() throws Exception {
        Path seedDir = tmp.resolve("seed");
        Files.createDirectories(seedDir);
        byte[] data = new byte[3 * 1024 * 1024 + 123];
        new Random(5).nextBytes(data);
        Files.write(seedDir.resolve("blob.bin"), data);
        Metainfo meta = Metainfo.parse(TorrentCreator.of(seedDir.resolve("blob.bin")).pieceLength(64 * 1024).build());
        AtomicInteger accepted = new AtomicInteger();
        Swarm seeder = Swarm.forSeeding(InfoLayout.of(meta.info()), meta.infoHash().bytes(), seedDir,
                SwarmConfig.defaults().withBind("127.0.0.1", 0), nobody(), new SwarmEvents() {
                    @Override
                    public void peerConnected(String peer, String client) {
                        accepted.incrementAndGet();
                    }
                }).start();
        swarms.add(seeder);
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", seeder.port());

        byte[] ourId = PeerId.random();
        MetadataFetch.Fetched fetched = MetadataFetch.fetchKeepingPeers(meta.infoHash(), List.of(at), Optional.empty(),
                MetadataFetch.Settings.defaults().withTimeout(Duration.ofSeconds(20)), ourId, MetadataFetch.Progress.NONE);
        assertThat(fetched.info()).isEqualTo(meta.info().rawBytes());
        assertThat(fetched.peers()).singleElement().satisfies(p -> assertThat(p.connection().remoteAddress()).isEqualTo(at));

        Path leechDir = tmp.resolve("leech");
        Swarm leecher = Swarm.forDownload(InfoLayout.of(meta.info()), meta.infoHash().bytes(), leechDir,
                SwarmConfig.defaults().withBind("127.0.0.1", 0), nobody(), SwarmEvents.NONE, ourId).start();
        swarms.add(leecher);
        fetched.peers().forEach(leecher::adopt); // and no dial: the seeder is named nowhere else

        assertThat(leecher.awaitComplete(Duration.ofSeconds(40))).isTrue();
        assertThat(Files.readAllBytes(leechDir.resolve("blob.bin"))).isEqualTo(data);
        assertThat(accepted.get()).as("connections the seeder accepted").isEqualTo(1);
    }

    @Test
    void withoutKeepingTheMetadataPhaseLeavesNoConnection() throws Exception {
        Path seedDir = tmp.resolve("seed");
        Files.createDirectories(seedDir);
        Files.write(seedDir.resolve("small.bin"), new byte[100_000]);
        Metainfo meta = Metainfo.parse(TorrentCreator.of(seedDir.resolve("small.bin")).build());
        AtomicInteger left = new AtomicInteger();
        Swarm seeder = Swarm.forSeeding(InfoLayout.of(meta.info()), meta.infoHash().bytes(), seedDir,
                SwarmConfig.defaults().withBind("127.0.0.1", 0), nobody(), new SwarmEvents() {
                    @Override
                    public void peerDisconnected(String peer, String reason) {
                        synchronized (left) {
                            left.incrementAndGet();
                            left.notifyAll();
                        }
                    }
                }).start();
        swarms.add(seeder);
        byte[] info = MetadataFetch.fetch(meta.infoHash(), List.of(new InetSocketAddress("127.0.0.1", seeder.port())), Optional.empty(),
                MetadataFetch.Settings.defaults().withTimeout(Duration.ofSeconds(20)), MetadataFetch.Progress.NONE);
        assertThat(info).isEqualTo(meta.info().rawBytes());
        synchronized (left) {
            long end = System.nanoTime() + 10_000_000_000L;
            while (left.get() == 0 && System.nanoTime() < end) left.wait(100);
        }
        assertThat(left.get()).as("the seeder saw the connection end").isEqualTo(1);
    }
}
