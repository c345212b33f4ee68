package connectivity.torrent.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The routing table without sockets: splits, eviction, liveness, the per-IP rule. */
class RoutingTableTest {
    private final MutableClock clock = new MutableClock();
    private final Random random = new Random(7);
    private final NodeId self = NodeId.random(random);
    private final RoutingTable table = new RoutingTable(self, clock, true);
    private int ip = 1;

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-03T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private Contact contact(NodeId id) {
        int n = ip++;
        try {
            return new Contact(id, new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 198, 51, (byte) (n >> 8), (byte) n}), 6881));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ID sharing exactly {@code bits} leading bits with ours. */
    private NodeId at(int bits) {
        return self.randomWithPrefix(bits, random);
    }

    @Test
    void farNodesFillOneBucketThatNeverSplits() {
        for (int i = 0; i < RoutingTable.K; i++) assertThat(table.responded(contact(at(0)))).isEqualTo(RoutingTable.Outcome.ADDED);
        assertThat(table.bucketCount()).isEqualTo(1);
        // The ninth far node splits the bucket holding our ID, but the far half stays full: it is cached.
        assertThat(table.responded(contact(at(0)))).isEqualTo(RoutingTable.Outcome.CACHED);
        assertThat(table.bucketCount()).isEqualTo(2);
        assertThat(table.size()).isEqualTo(RoutingTable.K);
    }

    @Test
    void theBucketHoldingOurIdSplitsSoNearNodesFitToo() {
        for (int bits = 0; bits < 20; bits++) {
            for (int i = 0; i < RoutingTable.K; i++) table.responded(contact(at(bits)));
        }
        assertThat(table.size()).isEqualTo(20 * RoutingTable.K);
        assertThat(table.bucketCount()).isGreaterThanOrEqualTo(20);
        NodeId near = at(19);
        assertThat(table.closest(self, 1).get(0).id().commonPrefixBits(self)).isGreaterThanOrEqualTo(19);
        assertThat(near.commonPrefixBits(self)).isEqualTo(19);
    }

    @Test
    void nodesAreGoodThenQuestionableThenBad() {
        Contact c = contact(at(3));
        table.responded(c);
        assertThat(table.status(c.id())).contains(RoutingTable.Status.GOOD);
        clock.advance(Duration.ofMinutes(16));
        assertThat(table.status(c.id())).contains(RoutingTable.Status.QUESTIONABLE);
        // A node that once answered and now queries us is good again (BEP 5).
        table.queried(c);
        assertThat(table.status(c.id())).contains(RoutingTable.Status.GOOD);
        table.failed(c.id(), c.address());
        assertThat(table.status(c.id())).contains(RoutingTable.Status.QUESTIONABLE);
        table.failed(c.id(), c.address());
        assertThat(table.status(c.id())).contains(RoutingTable.Status.BAD);
        assertThat(table.closest(c.id(), 8)).doesNotContain(c);
    }

    @Test
    void aBadNodeGivesItsSlotToAReplacement() {
        NodeId[] ids = new NodeId[RoutingTable.K];
        Contact[] cs = new Contact[RoutingTable.K];
        for (int i = 0; i < RoutingTable.K; i++) table.responded(cs[i] = contact(ids[i] = at(0)));
        Contact spare = contact(at(0));
        assertThat(table.responded(spare)).isEqualTo(RoutingTable.Outcome.CACHED);
        assertThat(table.status(spare.id())).isEmpty();
        table.failed(cs[2].id(), cs[2].address());
        table.failed(cs[2].id(), cs[2].address());
        assertThat(table.status(spare.id())).isPresent();
        assertThat(table.status(cs[2].id())).isEmpty();
    }

    @Test
    void aFullBucketTakesANewcomerInPlaceOfABadNode() {
        Contact[] cs = new Contact[RoutingTable.K];
        for (int i = 0; i < RoutingTable.K; i++) table.responded(cs[i] = contact(at(0)));
        table.failed(cs[0].id(), cs[0].address());
        table.failed(cs[0].id(), cs[0].address());
        Contact late = contact(at(0));
        assertThat(table.responded(late)).isEqualTo(RoutingTable.Outcome.ADDED);
        assertThat(table.status(late.id())).contains(RoutingTable.Status.GOOD);
    }

    @Test
    void oneIpHoldsOneSlotPerBucketWhateverIdsItClaims() {
        InetSocketAddress attacker = new InetSocketAddress("203.0.113.9", 1000);
        int added = 0;
        for (int i = 0; i < 100; i++) {
            Contact c = new Contact(at(0), new InetSocketAddress(attacker.getAddress(), 1000 + i));
            if (table.responded(c) == RoutingTable.Outcome.ADDED) added++;
        }
        assertThat(added).isEqualTo(1);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void theTableStaysBoundedWhateverAnswers() {
        for (int i = 0; i < 50_000; i++) {
            // Half of them crafted to share ever longer prefixes with our ID, to force splits.
            NodeId id = i % 2 == 0 ? NodeId.random(random) : at(Math.min(159, i % 160));
            table.responded(new Contact(id, new InetSocketAddress("198.18." + (i / 250 % 250) + "." + (i % 250 + 1), 1024 + i % 60000)));
        }
        assertThat(table.bucketCount()).isLessThanOrEqualTo(NodeId.BITS);
        assertThat(table.size()).isLessThanOrEqualTo(NodeId.BITS * RoutingTable.K);
        assertThat(table.closest(self, 8)).hasSize(8);
    }

    @Test
    void aKnownIdFromAnotherAddressIsRefused() {
        Contact c = contact(at(2));
        table.responded(c);
        Contact thief = new Contact(c.id(), new InetSocketAddress("203.0.113.50", 6881));
        assertThat(table.responded(thief)).isEqualTo(RoutingTable.Outcome.REFUSED);
        assertThat(table.closest(c.id(), 1)).containsExactly(c);
    }

    @Test
    void quietBucketsAreRefreshedAfterFifteenMinutesWithATargetInsideThem() {
        for (int bits = 0; bits < 4; bits++) for (int i = 0; i < RoutingTable.K; i++) table.responded(contact(at(bits)));
        assertThat(table.bucketsToRefresh(Duration.ofMinutes(15), random)).isEmpty();
        clock.advance(Duration.ofMinutes(16));
        var targets = table.bucketsToRefresh(Duration.ofMinutes(15), random);
        assertThat(targets).hasSize(table.bucketCount());
        for (int i = 0; i < targets.size() - 1; i++) assertThat(targets.get(i).commonPrefixBits(self)).isEqualTo(i);
        assertThat(table.bucketsToRefresh(Duration.ofMinutes(15), random)).isEmpty();
    }

    @Test
    void questionableNodesArePingedOncePerPeriod() {
        Contact c = contact(at(1));
        table.responded(c);
        assertThat(table.toPing(8, Duration.ofMinutes(5))).isEmpty();
        clock.advance(Duration.ofMinutes(16));
        assertThat(table.toPing(8, Duration.ofMinutes(5))).containsExactly(c);
        assertThat(table.toPing(8, Duration.ofMinutes(5))).isEmpty();
        clock.advance(Duration.ofMinutes(6));
        assertThat(table.toPing(8, Duration.ofMinutes(5))).containsExactly(c);
    }

    @Test
    void rebuildingAroundANewIdKeepsTheNodes() {
        for (int bits = 0; bits < 5; bits++) for (int i = 0; i < 4; i++) table.responded(contact(at(bits)));
        RoutingTable other = table.rebuiltAround(NodeId.random(random));
        assertThat(other.size()).isGreaterThan(0);
        assertThat(other.contacts()).allMatch(c -> table.contacts().contains(c));
    }

    // ---- BEP 42 enforcement ----

    private static InetSocketAddress at(String ip) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), 6881);
    }

    @Test
    void withEnforcementANodeWhoseIdItsIpMayNotHaveStaysOut() throws Exception {
        RoutingTable strict = new RoutingTable(self, clock, true, true);
        InetSocketAddress a = at("198.18.3.4"), b = at("198.19.200.1");
        NodeId forA = Bep42.idFor(a.getAddress(), random);
        assertThat(Bep42.matches(forA, a.getAddress())).isTrue();
        assertThat(strict.responded(new Contact(forA, a))).isEqualTo(RoutingTable.Outcome.ADDED);
        // The same ID from another address, and an ID chosen freely: refused, and never cached as replacements.
        assertThat(strict.responded(new Contact(Bep42.idFor(a.getAddress(), random), b))).isEqualTo(RoutingTable.Outcome.REFUSED);
        NodeId free = NodeId.random(random);
        if (Bep42.matches(free, b.getAddress())) free = NodeId.random(random); // 1 in 2^21: draw again
        assertThat(strict.responded(new Contact(free, b))).isEqualTo(RoutingTable.Outcome.REFUSED);
        assertThat(strict.size()).isEqualTo(1);
        assertThat(strict.contacts()).extracting(Contact::address).containsExactly(a);
        // Without enforcement (the default) the free ID is taken.
        assertThat(table.responded(new Contact(free, b))).isEqualTo(RoutingTable.Outcome.ADDED);
    }

    @Test
    void enforcementExemptsLoopbackAndPrivateAddressesAndSurvivesARebuild() throws Exception {
        RoutingTable strict = new RoutingTable(self, clock, true, true);
        for (String ip : new String[] {"127.0.0.2", "10.1.2.3", "192.168.7.7", "172.16.0.9", "169.254.1.1", "::1", "fd00::5"}) {
            assertThat(strict.responded(new Contact(NodeId.random(random), at(ip)))).as(ip).isNotEqualTo(RoutingTable.Outcome.REFUSED);
        }
        RoutingTable rebuilt = strict.rebuiltAround(NodeId.random(random));
        NodeId free = NodeId.random(random);
        if (Bep42.matches(free, InetAddress.getByName("198.18.9.9"))) free = NodeId.random(random);
        assertThat(rebuilt.responded(new Contact(free, at("198.18.9.9")))).isEqualTo(RoutingTable.Outcome.REFUSED);
    }
}
