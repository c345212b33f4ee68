package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LearnedPeersTest {
    private static final long SECOND = 1_000_000_000L;
    private final LearnedPeers peers = new LearnedPeers(10, Duration.ofSeconds(1), Duration.ofSeconds(8));

    /** The peer that told us (a distinct IP per test peer unless a test is about one source). */
    private static final InetAddress A = ip("10.9.0.1"), B = ip("10.9.0.2"), C = ip("10.9.0.3");

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Each address from a source of its own, so the per-source quota stays out of the way. */
    private int learnEach(List<InetSocketAddress> addresses, long now) {
        int taken = 0;
        for (InetSocketAddress a : addresses) taken += peers.learn(a.getAddress(), List.of(a), now);
        return taken;
    }

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
        assertThat(learnEach(range(1, 6), 0)).isEqualTo(5);
        assertThat(peers.due(0, 2, a -> false)).containsExactly(peer(1), peer(2));
        assertThat(peers.due(0, 10, a -> false)).containsExactly(peer(3), peer(4), peer(5));
        assertThat(peers.due(0, 10, a -> false)).isEmpty();
    }

    @Test
    void hearingOfAPeerAgainChangesNothingSoThereIsNoRedialStorm() {
        peers.learn(A, List.of(peer(1)), 0);
        assertThat(peers.due(0, 10, a -> false)).containsExactly(peer(1));
        for (int i = 0; i < 100; i++) assertThat(peers.learn(A, List.of(peer(1), peer(1)), i)).isZero();
        assertThat(peers.due(SECOND / 2, 10, a -> false)).isEmpty();
        assertThat(peers.size()).isEqualTo(1);
    }

    @Test
    void redialsWithBackoffAndGivesUpAfterAFewDials() {
        peers.learn(A, List.of(peer(1)), 0);
        List<Long> dialledAt = new ArrayList<>();
        for (long t = 0; t <= 60 * SECOND; t += SECOND / 10) {
            if (!peers.due(t, 10, a -> false).isEmpty()) dialledAt.add(t);
        }
        assertThat(dialledAt).containsExactly(0L, SECOND, 3 * SECOND); // waits of 1 s, then 2 s; then no more
        assertThat(LearnedPeers.MAX_DIALS).isEqualTo(dialledAt.size());
        peers.learn(B, List.of(peer(1)), 61 * SECOND);
        assertThat(peers.due(100 * SECOND, 10, a -> false)).isEmpty();
    }

    @Test
    void aConnectedOrBannedPeerIsNotDialledAndDoesNotUseUpItsDials() {
        peers.learn(A, List.of(peer(1), peer(2)), 0);
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
        assertThat(learnEach(range(1, 30), 0)).isEqualTo(10);
        assertThat(peers.size()).isEqualTo(10);
        assertThat(learnEach(range(30, 40), 0)).isZero();
        // Give up on all ten: three dials each, none connecting.
        for (long t = 0; t <= 20 * SECOND; t += SECOND / 10) peers.due(t, 100, a -> false);
        assertThat(learnEach(range(40, 44), 21 * SECOND)).isEqualTo(4);
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

    // ---- one source against the rest ----

    @Test
    void oneSourceFillsAQuarterOfTheTableAtMost() {
        LearnedPeers big = new LearnedPeers(200, Duration.ofSeconds(1), Duration.ofSeconds(8));
        List<InetSocketAddress> flood = new ArrayList<>();
        for (int i = 0; i < 1000; i++) flood.add(new InetSocketAddress("10.1." + (i / 250) + "." + (i % 250 + 1), 6881));
        for (int message = 0; message < 20; message++) big.learn(A, flood.subList(message * 50, message * 50 + 50), 0);
        assertThat(big.size()).isEqualTo(big.quota()).isEqualTo(50);
        // The others still have room: an honest peer's fifty are all taken.
        List<InetSocketAddress> honest = new ArrayList<>();
        for (int i = 1; i <= 50; i++) honest.add(new InetSocketAddress("10.2.0." + i, 6881));
        assertThat(big.learn(B, honest, 0)).isEqualTo(50);
        assertThat(honest).allMatch(big::knows);
    }

    @Test
    void whenFullTheLargestSourceMakesRoomForAnother() {
        // Capacity 10, quota 2: five sources with two each fill it.
        InetAddress[] sources = {A, B, ip("10.9.0.4"), ip("10.9.0.5"), ip("10.9.0.6")};
        for (int s = 0; s < sources.length; s++) assertThat(peers.learn(sources[s], range(10 * s + 1, 10 * s + 3), 0)).isEqualTo(2);
        assertThat(peers.size()).isEqualTo(10);
        // A sixth source holds none, and each of the others two: one of theirs (the oldest) makes room for it.
        assertThat(peers.learn(C, range(100, 103), 0)).isEqualTo(1);
        assertThat(peers.size()).isEqualTo(10);
        assertThat(peers.knows(peer(100))).isTrue();
        assertThat(peers.knows(peer(1))).isFalse();
        assertThat(peers.knows(peer(2))).isTrue();
        // Now C and A hold one each and the rest two: a swap would gain nothing, so 101 waits.
        assertThat(peers.knows(peer(101))).isFalse();
        // Three more sources, each with none: each takes a place from one holding two.
        for (int s = 0; s < 3; s++) assertThat(peers.learn(ip("10.9.1." + s), List.of(peer(200 + s)), 0)).isEqualTo(1);
        assertThat(peers.size()).isEqualTo(10);
        assertThat(peers.knows(peer(11))).isFalse();
        assertThat(peers.knows(peer(21))).isFalse();
        assertThat(peers.knows(peer(31))).isFalse();
    }

    @Test
    void aPeerSeveralSourcesReportIsDialledFirstAndNotDisplaced() {
        peers.learn(A, range(1, 3), 0); // A's quota is two: 1 and 2
        peers.learn(B, List.of(peer(2), peer(50)), 0); // B confirms 2 and adds 50
        peers.learn(C, List.of(peer(2)), 0);
        assertThat(peers.due(0, 1, a -> false)).containsExactly(peer(2));
        assertThat(peers.due(0, 10, a -> false)).containsExactly(peer(1), peer(50));
    }

    @Test
    void aConfirmedEntryIsNotEvictedForFairness() {
        LearnedPeers small = new LearnedPeers(4, Duration.ofSeconds(1), Duration.ofSeconds(8)); // quota 1
        small.learn(A, List.of(peer(1)), 0);
        small.learn(B, List.of(peer(1), peer(2)), 0);
        small.learn(C, List.of(peer(3)), 0);
        small.learn(ip("10.9.0.4"), List.of(peer(4)), 0);
        assertThat(small.size()).isEqualTo(4);
        // Every source holds one: none holds two more than a newcomer, so the newcomer waits.
        assertThat(small.learn(ip("10.9.0.5"), List.of(peer(5)), 0)).isZero();
        assertThat(small.knows(peer(1))).isTrue();
    }
}
