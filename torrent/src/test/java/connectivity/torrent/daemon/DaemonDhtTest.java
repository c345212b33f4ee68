package connectivity.torrent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.torrent.dht.DhtConfig;
import connectivity.torrent.dht.DhtNode;
import connectivity.torrent.dht.DhtState;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's DHT node: a magnet with no tracker and no peer completes from a seeder found only through the DHT
 * (our own nodes on 127.0.0.1: a bootstrap node, and the seeder's node that announced there).
 */
@Timeout(120)
class DaemonDhtTest {
    @TempDir
    Path tmp;

    @Test
    void aMagnetWithOnlyTheDhtCompletesAndTheTableIsSaved() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "dht.bin", 31, 16 * 1024, 400_000);
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (TestTorrents seeders = new TestTorrents();
                DhtNode bootstrap = DhtNode.open(loopback, DhtConfig.defaults(), List.of(), Optional.empty());
                DhtNode seederNode = DhtNode.open(loopback, DhtConfig.defaults(), List.of(bootstrap.address()), Optional.empty())) {
            Swarm seeder = seeders.seed(made, 0, null);
            seederNode.bootstrap(Duration.ofSeconds(10));
            assertThat(seederNode.announce(made.meta().infoHash(), seeder.port(), Duration.ofSeconds(10)).peers()).isEmpty();

            DaemonConfig config = DaemonConfig.of(tmp.resolve("downloads"), tmp.resolve("config")).withPeerPort("127.0.0.1", 0)
                    .withSwarm(SwarmConfig.builder().bind("127.0.0.1", 0).pex(false).build()).withDhtBootstrap(List.of(bootstrap.address()));
            Daemon d = Daemon.start(config);
            try {
                assertThat(d.dhtPort()).contains(d.peerPort()); // UDP on the peer port
                TorrentSession t = d.addMagnet("magnet:?xt=urn:btih:" + made.meta().infoHash().hex(), Optional.empty(), Optional.empty()).torrent();
                await().atMost(Duration.ofSeconds(90)).until(() -> t.state() == TorrentState.SEEDING);
                assertThat(Files.readAllBytes(tmp.resolve("downloads/dht.bin"))).isEqualTo(Files.readAllBytes(made.data().resolve("dht.bin")));
                assertThat(tmp.resolve("config/torrents/" + made.meta().infoHash().hex() + ".torrent")).exists();
                assertThat(d.dhtNodes()).isPositive();

                d.settings(d.settings().withDht(false)); // dht-enabled off: the node closes, the torrent keeps seeding
                assertThat(d.dhtPort()).isEmpty();
                assertThat(t.state()).isEqualTo(TorrentState.SEEDING);
            } finally {
                d.close();
            }
            Optional<DhtState> saved = DhtState.read(tmp.resolve("config/" + DaemonDht.STATE_FILE));
            assertThat(saved).isPresent();
            assertThat(saved.get().nodes()).isNotEmpty();
            assertThat(DaemonState.load(tmp.resolve("config")).settings().dht()).isFalse();
        }
    }

    @Test
    void aPrivateTorrentGetsNoDhtSource() {
        DaemonDht dht = new DaemonDht("127.0.0.1", 0, List.of(), tmp);
        assertThat(dht.source(connectivity.torrent.meta.InfoHash.fromHex("ab".repeat(20)), true)).isEmpty();
        assertThat(dht.source(connectivity.torrent.meta.InfoHash.fromHex("ab".repeat(20)), false)).isPresent();
        assertThat(dht.node()).isEmpty(); // not enabled
    }
}
