package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LearnedPeersTest {
    private static final long SECOND = 1_000_000_000L;
    private final LearnedPeers peers = new LearnedPeers(10, Duration.ofSeconds(1), Duration.ofSeconds(8));

    private static InetSocketAddress peer(int n) {
        return new InetSocketAddress("10.0.0." + n, 6881);
    }

    private static List<InetSocketAddress> range(int from, int to) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(peer(i));
        return out;
    }

    @Test
    void aNewPeerIsDueAtOnceWithinTheRoomAndTheRestLater() {
        assertThat(peers.learn(range(1, 6), 0)).isEqualTo(5);
        assertThat(peers.due(0, 2, a -> false)).containsExactly(peer(1), peer(2));
        assertThat(peers.due(0, 10, a -> false)).containsExactly(peer(3), peer(4), peer(5));
        assertThat(peers.due(0, 10, a -> false)).isEmpty();
    }

    @Test
    void hearingOfAPeerAgainChangesNothingSoThereIsNoRedialStorm() {
        peers.learn(List.of(peer(1)), 0);
        assertThat(peers.due(0, 10, a -> false)).containsExactly(peer(1));
        for (int i = 0; i < 100; i++) assertThat(peers.learn(List.of(peer(1), peer(1)), i)).isZero();
        assertThat(peers.due(SECOND / 2, 10, a -> false)).isEmpty();
        assertThat(peers.size()).isEqualTo(1);
    }

    @Test
    void redialsWithBackoffAndGivesUpAfterAFewDials() {
        peers.learn(List.of(peer(1)), 0);
        List<Long> dialledAt = new ArrayList<>();
        for (long t = 0; t <= 60 * SECOND; t += SECOND / 10) {
            if (!peers.due(t, 10, a -> false).isEmpty()) dialledAt.add(t);
        }
        assertThat(dialledAt).containsExactly(0L, SECOND, 3 * SECOND); // waits of 1 s, then 2 s; then no more
        assertThat(LearnedPeers.MAX_DIALS).isEqualTo(dialledAt.size());
        peers.learn(List.of(peer(1)), 61 * SECOND);
        assertThat(peers.due(100 * SECOND, 10, a -> false)).isEmpty();
    }

    @Test
    void aConnectedOrBannedPeerIsNotDialledAndDoesNotUseUpItsDials() {
        peers.learn(List.of(peer(1), peer(2)), 0);
        Set<InetSocketAddress> connected = Set.of(peer(1));
        for (long t = 0; t < 30 * SECOND; t += SECOND) {
            assertThat(peers.due(t, 10, connected::contains)).doesNotContain(peer(1));
        }
        // Once it is gone it is dialled like a new one, its dials all left.
        long t = 30 * SECOND;
        int dials = 0;
        for (; t < 90 * SECOND; t += SECOND / 10) dials += peers.due(t, 10, a -> !a.equals(peer(1))).size();
        assertThat(dials).isEqualTo(LearnedPeers.MAX_DIALS);
    }

    @Test
    void holdsAtMostItsCapacityAndMakesRoomOnlyFromPeersItGaveUpOn() {
        assertThat(peers.learn(range(1, 30), 0)).isEqualTo(10);
        assertThat(peers.size()).isEqualTo(10);
        assertThat(peers.learn(range(30, 40), 0)).isZero();
        // Give up on all ten: three dials each, none connecting.
        for (long t = 0; t <= 20 * SECOND; t += SECOND / 10) peers.due(t, 100, a -> false);
        assertThat(peers.learn(range(40, 44), 21 * SECOND)).isEqualTo(4);
        assertThat(peers.size()).isEqualTo(10);
        assertThat(peers.knows(peer(1))).isFalse(); // the oldest went first
        assertThat(peers.knows(peer(5))).isTrue();
        assertThat(peers.due(21 * SECOND, 100, a -> false)).containsExactlyElementsOf(range(40, 44));
    }

    @Test
    void aBanAtAPeersIpKeepsItUndialled() {
        Set<String> bans = Set.of("10.0.0.1/2d585830303031", "10.0.0.10/2d585830303032");
        assertThat(LearnedPeers.bannedAt(bans, peer(1))).isTrue();
        assertThat(LearnedPeers.bannedAt(bans, new InetSocketAddress("10.0.0.1", 9999))).isTrue();
        assertThat(LearnedPeers.bannedAt(bans, peer(100))).isFalse(); // 10.0.0.100 is not 10.0.0.10
        assertThat(LearnedPeers.bannedAt(bans, peer(2))).isFalse();
    }
}
