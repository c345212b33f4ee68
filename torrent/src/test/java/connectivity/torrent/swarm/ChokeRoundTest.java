package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.peer.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Choke rounds over sessions whose rates the test sets, on a manual clock. */
@Timeout(20)
class ChokeRoundTest {
    private final TestTorrent t = TestTorrent.single(41, 16 * 1024, 8 * 16 * 1024);
    private SwarmParts parts;

    @AfterEach
    void close() {
        if (parts != null) parts.close();
    }

    private SwarmConfig twoSlots() {
        return TestTorrent.config().withChoking(2, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** Interested peers (we seed), each with its upload rate. */
    private List<SwarmParts.Peer> interested(long... uploadRates) throws IOException {
        List<SwarmParts.Peer> peers = new ArrayList<>();
        for (long rate : uploadRates) {
            SwarmParts.Peer p = parts.admit(false);
            synchronized (parts.st.lock) {
                p.session().state().peerInterested(true, parts.clock.getAsLong()); // no instant unchoke: the rounds decide
            }
            p.session().state().up.add(rate);
            p.session().state().up.tick(1);
            p.wire().drain();
            peers.add(p);
        }
        return peers;
    }

    private List<String> unchoked() {
        synchronized (parts.st.lock) {
            return parts.choking.unchoked();
        }
    }

    private void round() {
        synchronized (parts.st.lock) {
            parts.choking.run(parts.clock.getAsLong());
        }
    }

    @Test
    void theBestByRateKeepSlotsAndOneMoreIsUnchokedOptimisticallyUntilItsIntervalEnds() throws IOException {
        parts = new SwarmParts(t, twoSlots(), SwarmParts.all(t));
        List<SwarmParts.Peer> p = interested(100, 5000, 300, 4000, 200);
        round();
        List<String> first = unchoked();
        assertThat(first).hasSize(3).contains(p.get(1).session().name(), p.get(3).session().name());
        assertThat(p.get(1).wire().drain()).containsExactly(Message.UNCHOKE);
        String optimistic = first.stream().filter(n -> !n.equals(p.get(1).session().name()) && !n.equals(p.get(3).session().name()))
                .findFirst().orElseThrow();
        for (int i = 0; i < 10; i++) {
            parts.clock.advance(Duration.ofSeconds(2));
            round();
            assertThat(unchoked()).containsExactlyInAnyOrderElementsOf(first); // the optimistic slot holds for its 30 s
        }
        SwarmParts.Peer o = p.stream().filter(x -> x.session().name().equals(optimistic)).findFirst().orElseThrow();
        o.session().onMessage(Message.NOT_INTERESTED);
        round();
        assertThat(unchoked()).hasSize(3).doesNotContain(optimistic);
        assertThat(o.wire().drain()).contains(Message.CHOKE);
    }

    @Test
    void whileLeechingTheRateThatCountsIsWhatPeersGiveUs() throws IOException {
        parts = new SwarmParts(t, TestTorrent.config().withChoking(1, Duration.ofSeconds(10), Duration.ofSeconds(30)), SwarmParts.none());
        List<SwarmParts.Peer> p = interested(9000, 0);
        p.get(1).session().state().down.add(7000);
        p.get(1).session().state().down.tick(1);
        round();
        assertThat(unchoked()).contains(p.get(1).session().name());
    }

    @Test
    void aPeerInterestedWhileASlotIsFreeIsUnchokedAtOnce() throws IOException {
        parts = new SwarmParts(t, twoSlots(), SwarmParts.all(t));
        SwarmParts.Peer p = parts.admit(false);
        p.wire().drain();
        p.session().onMessage(Message.INTERESTED);
        assertThat(p.wire().drain()).containsExactly(Message.UNCHOKE);
        List<SwarmParts.Peer> more = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SwarmParts.Peer q = parts.admit(false);
            q.session().onMessage(Message.INTERESTED);
            more.add(q);
        }
        assertThat(unchoked()).hasSize(3); // the slots and the optimistic one; the last waits for a round
        assertThat(more.get(2).wire().drain()).doesNotContain(Message.UNCHOKE);
    }
}
