package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The redial schedule of peers given by hand, on a manual clock. */
class HandGivenPeersTest {
    private final ManualClock clock = new ManualClock();
    private final InetSocketAddress a = new InetSocketAddress("127.0.0.1", 7001), b = new InetSocketAddress("127.0.0.1", 7002);
    private final Set<InetSocketAddress> connected = new HashSet<>();
    private final HandGivenPeers peers = new HandGivenPeers(Duration.ofSeconds(1), Duration.ofSeconds(60));

    /** Seconds (from now) at which {@code a} is dialled over the next {@code seconds}, ticking each second. */
    private List<Long> dialsOfA(int seconds) {
        List<Long> at = new ArrayList<>();
        for (long s = 1; s <= seconds; s++) {
            clock.advance(Duration.ofSeconds(1));
            if (peers.due(clock.getAsLong(), connected::contains).contains(a)) at.add(s);
        }
        return at;
    }

    @Test
    void anUnreachablePeerIsDialledAtOnceThenAfterOneTwoFourSecondsDoublingToAMinute() {
        assertThat(peers.add(List.of(a, b), clock.getAsLong())).containsExactly(a, b);
        assertThat(dialsOfA(200)).containsExactly(1L, 3L, 7L, 15L, 31L, 63L, 123L, 183L);
    }

    @Test
    void aConnectedPeerIsNotDialledAndAfterItGoesTheBackoffStartsOver() {
        peers.add(List.of(a), clock.getAsLong());
        assertThat(dialsOfA(20)).containsExactly(1L, 3L, 7L, 15L);
        connected.add(a);
        assertThat(dialsOfA(100)).isEmpty();
        connected.remove(a);
        assertThat(dialsOfA(4)).containsExactly(1L, 3L);
    }

    @Test
    void aPeerGivenTwiceIsOnePeer() {
        peers.add(List.of(a), clock.getAsLong());
        assertThat(peers.add(List.of(a, b), clock.getAsLong())).containsExactly(b);
    }
}
