package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CombinedPeerSourceTest {
    private static final PeerSource.Stats STATS = new PeerSource.Stats(0, 0, 1, 6881, new byte[20]);
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1001), B = new InetSocketAddress("127.0.0.1", 1002);

    private static PeerSource failing(String why) {
        return (event, stats) -> {
            throw new IOException(why);
        };
    }

    @Test
    void mergesPeersWithoutRepeatsAndTakesTheSoonestInterval() throws IOException {
        PeerSource both = PeerSource.allOf(List.of(PeerSource.fixed(List.of(A, B), Duration.ofMinutes(30)),
                PeerSource.fixed(List.of(B), Duration.ofMinutes(2))));
        PeerSource.Response r = both.announce(PeerSource.Event.STARTED, STATS);
        assertThat(r.peers()).containsExactly(A, B);
        assertThat(r.interval()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void oneFailingSourceIsNotAFailure() throws IOException {
        PeerSource.Response r = PeerSource.allOf(List.of(failing("tracker down"), PeerSource.fixed(List.of(A), Duration.ofMinutes(15))))
                .announce(PeerSource.Event.NONE, STATS);
        assertThat(r.peers()).containsExactly(A);
    }

    @Test
    void allFailingIsTheFirstFailure() {
        assertThatThrownBy(() -> PeerSource.allOf(List.of(failing("first"), failing("second"))).announce(PeerSource.Event.NONE, STATS))
                .isInstanceOf(IOException.class).hasMessage("first");
    }

    @Test
    @Timeout(10)
    void theSourcesAreAskedAtOnce() throws IOException {
        CountDownLatch bothAsked = new CountDownLatch(2);
        PeerSource waitsForTheOther = (event, stats) -> {
            bothAsked.countDown();
            try {
                if (!bothAsked.await(5, TimeUnit.SECONDS)) throw new IOException("asked one after the other");
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return new PeerSource.Response(Duration.ofMinutes(1), List.of(A));
        };
        assertThat(PeerSource.allOf(List.of(waitsForTheOther, waitsForTheOther)).announce(PeerSource.Event.NONE, STATS).peers())
                .containsExactly(A);
    }
}
