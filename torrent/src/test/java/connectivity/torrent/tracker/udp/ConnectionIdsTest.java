package connectivity.torrent.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.tracker.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectionIdsTest {
    static final byte[] SECRET = "a secret of thirty-two bytes....".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);

    @Test
    void anIdLivesInItsSlotAndTheNextThenExpires() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T00:00:10Z"));
        ConnectionIds ids = new ConnectionIds(SECRET, clock, Duration.ofMinutes(1));
        long id = ids.issue(CLIENT);
        assertThat(ids.valid(CLIENT, id)).isTrue();
        clock.advance(Duration.ofSeconds(50)); // next slot
        assertThat(ids.valid(CLIENT, id)).isTrue();
        assertThat(ids.issue(CLIENT)).as("a new slot, a new id").isNotEqualTo(id);
        clock.advance(Duration.ofSeconds(60)); // two slots on
        assertThat(ids.valid(CLIENT, id)).isFalse();
    }

    @Test
    void anIdIsBoundToAddressPortAndSecret() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T00:00:10Z"));
        ConnectionIds ids = new ConnectionIds(SECRET, clock, Duration.ofMinutes(1));
        long id = ids.issue(CLIENT);
        assertThat(ids.valid(new InetSocketAddress("127.0.0.1", 40001), id)).isFalse();
        assertThat(ids.valid(new InetSocketAddress("127.0.0.2", 40000), id)).isFalse();
        assertThat(ids.valid(new InetSocketAddress("::1", 40000), id)).isFalse();
        assertThat(ids.valid(CLIENT, id ^ 1)).isFalse();
        byte[] other = SECRET.clone();
        other[0] ^= 1;
        assertThat(new ConnectionIds(other, clock, Duration.ofMinutes(1)).valid(CLIENT, id)).as("another tracker's secret").isFalse();
        assertThat(new ConnectionIds(SECRET, clock, Duration.ofMinutes(1)).valid(CLIENT, id)).as("same secret: stateless").isTrue();
    }
}
