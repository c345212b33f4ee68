package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SwarmConfigTest {
    @Test
    void toBuilderKeepsEveryField() {
        SwarmConfig c = SwarmConfig.builder().bind("127.0.0.1", 6881).maxPeers(7).choking(2, Duration.ofMillis(5),
                Duration.ofMillis(9)).snubTimeout(Duration.ofSeconds(3)).initialQueue(3).maxQueue(33).banStrikes(5)
                .downloadLimit(1000).uploadLimit(2000).hashThreads(3).idleTimeout(Duration.ofSeconds(4))
                .maxPeerRequests(12).tradeGrace(Duration.ofSeconds(6)).redial(Duration.ofMillis(1), Duration.ofMillis(2))
                .build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.withMaxPeers(8)).isEqualTo(c.toBuilder().maxPeers(8).build()).isNotEqualTo(c);
        assertThat(c.withMaxPeers(8).maxQueue()).isEqualTo(33);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        SwarmConfig d = SwarmConfig.defaults();
        assertThat(d.maxPeers()).isEqualTo(50);
        assertThat(d.chokeInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.optimisticInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.maxPeerRequests()).isEqualTo(500);
        assertThat(d.redialMax()).isEqualTo(Duration.ofSeconds(60));
    }
}
