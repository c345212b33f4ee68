package connectivity.torrent.daemon.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.torrent.daemon.Daemon;
import connectivity.torrent.daemon.DaemonConfig;
import connectivity.torrent.daemon.TestTorrents;
import connectivity.torrent.daemon.TorrentSession;
import connectivity.torrent.daemon.TorrentState;
import connectivity.torrent.swarm.PeerInfo;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Limits changed over the RPC apply to the running swarm at once: the same swarm, the same peer connections. */
@Timeout(120)
class RpcLimitsTest {
    @TempDir
    Path tmp;

    private static List<String> peers(Swarm s) {
        return s.peerInfo().stream().map(PeerInfo::address).sorted().toList();
    }

    @Test
    void limitsChangedLiveKeepTheSwarmAndItsPeers() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "live.bin", 21, 16 * 1024, 1_500_000);
        Daemon d = Daemon.start(DaemonConfig.of(tmp.resolve("downloads"), tmp.resolve("config")).withPeerPort("127.0.0.1", 0)
                .withSwarm(SwarmConfig.builder().bind("127.0.0.1", 0).pex(false).build()));
        try (TestTorrents seeders = new TestTorrents()) {
            TransmissionRpc rpc = new TransmissionRpc(d, new TorrentAdder(false));
            String b64 = Base64.getEncoder().encodeToString(made.torrent());
            assertThat(rpc.call(Map.of("method", "torrent-add", "arguments", Map.of("metainfo", b64))).get("result")).isEqualTo("success");
            TorrentSession t = d.torrents().get(0);
            // Slow from the start, so the download is still going when the limits change.
            rpc.call(Map.of("method", "torrent-set", "arguments", Map.of("ids", List.of((long) t.id), "downloadLimit", 40L, "downloadLimited", true)));
            await().atMost(Duration.ofSeconds(30)).until(() -> t.swarm().isPresent());
            Swarm swarm = t.swarm().get();
            assertThat(swarm.downloadThrottle().rate()).isEqualTo(40_000);
            seeders.seed(made, 0, new InetSocketAddress("127.0.0.1", d.peerPort()));
            await().atMost(Duration.ofSeconds(30)).until(() -> !swarm.peerInfo().isEmpty() && t.have().cardinality() > 0);
            List<String> before = peers(swarm);

            rpc.call(Map.of("method", "torrent-set", "arguments", Map.of("ids", List.of((long) t.id), "downloadLimit", 80L, "uploadLimit", 30L,
                    "uploadLimited", true)));
            assertThat(swarm.downloadThrottle().rate()).isEqualTo(80_000);
            assertThat(swarm.uploadThrottle().rate()).isEqualTo(30_000);
            rpc.call(Map.of("method", "torrent-set", "arguments", Map.of("ids", List.of((long) t.id), "downloadLimited", false)));
            assertThat(swarm.downloadThrottle().rate()).isZero();
            rpc.call(Map.of("method", "session-set", "arguments", Map.of("speed-limit-down", 60L, "speed-limit-down-enabled", true)));
            assertThat(swarm.downloadThrottle().limited()).as("the global bucket is above the torrent's own").isTrue();
            assertThat(t.swarm()).containsSame(swarm);
            assertThat(t.state()).isEqualTo(TorrentState.DOWNLOADING);
            assertThat(peers(swarm)).as("the same connections").isEqualTo(before);

            rpc.call(Map.of("method", "session-set", "arguments", Map.of("speed-limit-down-enabled", false)));
            assertThat(swarm.downloadThrottle().limited()).isFalse();
            await().atMost(Duration.ofSeconds(60)).until(() -> t.state() == TorrentState.SEEDING);
            assertThat(t.swarm()).as("completed in the swarm it started with").containsSame(swarm);
            assertThat(Files.readAllBytes(tmp.resolve("downloads/live.bin"))).isEqualTo(Files.readAllBytes(made.data().resolve("live.bin")));
        } finally {
            d.close();
        }
    }
}
