package connectivity.torrent.dht;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.meta.InfoHash;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whole nodes over an in-memory network (no sockets): lookups converge, announces are found, restarts rejoin. */
@Timeout(120)
class SimulatedDhtTest {
    private final InMemoryNetwork net = new InMemoryNetwork();
    private final List<DhtNode> nodes = new ArrayList<>();
    private final Random random = new Random(42);
    private static final DhtConfig CONFIG = DhtConfig.defaults().withQueryTimeout(Duration.ofMillis(300));

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        nodes.forEach(DhtNode::close);
        net.close();
    }

    private DhtNode node(List<InetSocketAddress> bootstrap) {
        DhtNode n = DhtNode.start(CONFIG, net.transport(), Clock.systemUTC(), Optional.empty(), bootstrap, Optional.empty());
        nodes.add(n);
        return n;
    }

    private void network(int size) {
        DhtNode first = node(List.of());
        for (int i = 1; i < size; i++) {
            DhtNode n = node(List.of(first.address()));
            n.bootstrap(Duration.ofSeconds(5));
        }
    }

    private static InfoHash hash(Random r) {
        byte[] b = new byte[20];
        r.nextBytes(b);
        return new InfoHash(b);
    }

    @Test
    void lookupsConvergeOnTheClosestNodesAndFindTheAnnouncer() {
        network(150);
        int found = 0, tries = 30;
        long hops = 0, queries = 0;
        for (int i = 0; i < tries; i++) {
            InfoHash h = hash(random);
            DhtNode announcer = nodes.get(random.nextInt(nodes.size()));
            DhtNode seeker = nodes.get(random.nextInt(nodes.size()));
            LookupResult a = announcer.announce(h, 7000 + i, Duration.ofSeconds(10));
            assertThat(a.announced()).isGreaterThan(0);
            LookupResult r = seeker.lookup(h, Duration.ofSeconds(10));
            if (r.peers().contains(new InetSocketAddress(announcer.address().getAddress(), 7000 + i))) found++;
            hops += r.hops();
            queries += r.queries();
            // The lookup ends on the true closest nodes of the whole network.
            NodeId target = NodeId.of(h);
            List<NodeId> truth = nodes.stream().map(DhtNode::id).filter(id -> !id.equals(seeker.id())).sorted(target::compareDistance).limit(3).toList();
            assertThat(r.closest().stream().map(Contact::id).limit(3).toList()).isEqualTo(truth);
        }
        System.out.printf("simulated 150 nodes: found %d/%d, %.1f hops, %.1f queries per lookup%n", found, tries, hops / (double) tries,
                queries / (double) tries);
        assertThat(found).isEqualTo(tries);
    }

    @Test
    void lookupsStillSucceedWithAFifthOfTheNodesGone() {
        network(100);
        List<InfoHash> hashes = new ArrayList<>();
        List<DhtNode> announcers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            InfoHash h = hash(random);
            DhtNode a = nodes.get(random.nextInt(nodes.size()));
            a.announce(h, 9000, Duration.ofSeconds(10));
            hashes.add(h);
            announcers.add(a);
        }
        List<DhtNode> alive = new ArrayList<>(nodes);
        for (int i = 0; i < 20; i++) {
            DhtNode victim = alive.remove(random.nextInt(alive.size()));
            net.kill(victim.address());
        }
        int found = 0;
        for (int i = 0; i < hashes.size(); i++) {
            DhtNode seeker = alive.get(random.nextInt(alive.size()));
            if (seeker.getPeers(hashes.get(i), Duration.ofSeconds(10)).contains(new InetSocketAddress(announcers.get(i).address().getAddress(), 9000)))
                found++;
        }
        assertThat(found).isGreaterThanOrEqualTo(19);
    }

    @Test
    void firstPeersTakesPeersFromTheBootstrapNodeInOneRoundTrip() {
        DhtNode boot = node(List.of());
        DhtNode seeder = node(List.of(boot.address()));
        seeder.bootstrap(Duration.ofSeconds(5));
        InfoHash h = hash(random);
        assertThat(seeder.announce(h, 7000, Duration.ofSeconds(10)).announced()).isGreaterThan(0);
        DhtNode fresh = node(List.of(boot.address()));
        assertThat(fresh.firstPeers(h, Duration.ofSeconds(10))).containsExactly(new InetSocketAddress(seeder.address().getAddress(), 7000));
        assertThat(fresh.tableSize()).as("only the bootstrap node was asked").isEqualTo(1);
    }

    @Test
    void firstPeersStopsAtTheFirstAnswerWithPeersWithoutWaitingForASilentNode() {
        // The bootstrap node stores no peers, so the peers must come from the lookup after it.
        DhtConfig storesNothing = new DhtConfig(3, Duration.ofMillis(300), true, 50, 10_000, 512, 0, 100, 100_000, 8, 50,
                Duration.ofMinutes(1), false);
        DhtNode boot = DhtNode.start(storesNothing, net.transport(), Clock.systemUTC(), Optional.empty(), List.of(), Optional.empty());
        nodes.add(boot);
        DhtNode seeder = node(List.of(boot.address())), holder = node(List.of(boot.address())), gone = node(List.of(boot.address()));
        for (DhtNode n : List.of(seeder, holder, gone)) n.bootstrap(Duration.ofSeconds(5));
        seeder.bootstrap(Duration.ofSeconds(5)); // it meets the others through the bootstrap node's table
        InfoHash h = hash(random);
        assertThat(seeder.announce(h, 7000, Duration.ofSeconds(10)).announced()).isGreaterThanOrEqualTo(2); // holder and gone
        net.kill(gone.address()); // still in the bootstrap node's table, as a leecher that went away would be
        // Queries wait 30 s for an answer here: had the lookup waited for the silent node, it would still be waiting.
        DhtNode fresh = DhtNode.start(CONFIG.withQueryTimeout(Duration.ofSeconds(30)), net.transport(), Clock.systemUTC(), Optional.empty(),
                List.of(boot.address()), Optional.empty());
        nodes.add(fresh);
        assertThat(fresh.firstPeers(h, Duration.ofSeconds(20))).contains(new InetSocketAddress(seeder.address().getAddress(), 7000));
        assertThat(fresh.stats().queriesInFlight()).as("the query to the silent node, left to time out").isPositive();
    }

    /** A bootstrap node holding the seeder's announce and, in its table, nodes that went silent (leechers gone). */
    private DhtNode bootstrapWithSilentNodes(InfoHash h, DhtNode[] seederOut) {
        DhtNode boot = node(List.of());
        DhtNode seeder = node(List.of(boot.address()));
        seeder.bootstrap(Duration.ofSeconds(5));
        assertThat(seeder.announce(h, 7000, Duration.ofSeconds(10)).announced()).isPositive();
        for (int i = 0; i < 4; i++) {
            DhtNode gone = node(List.of(boot.address()));
            gone.bootstrap(Duration.ofSeconds(5));
            net.kill(gone.address());
        }
        seederOut[0] = seeder;
        return boot;
    }

    private DhtNode freshWithLongTimeouts(DhtNode boot) {
        // Queries wait 30 s for an answer: a lookup that waited for a silent node would outlast its deadline.
        DhtNode fresh = DhtNode.start(CONFIG.withQueryTimeout(Duration.ofSeconds(30)), net.transport(), Clock.systemUTC(), Optional.empty(),
                List.of(boot.address()), Optional.empty());
        nodes.add(fresh);
        return fresh;
    }

    @Test
    void aLookupFromAFreshNodeStartsFromTheBootstrapNodesAnswerNotAfterAJoinThroughSilentNodes() {
        InfoHash h = hash(random);
        DhtNode[] seeder = new DhtNode[1];
        DhtNode boot = bootstrapWithSilentNodes(h, seeder);
        DhtNode fresh = freshWithLongTimeouts(boot);
        // Before, the lookup first joined (a find_node lookup through the silent nodes), which took the whole deadline.
        LookupResult r = fresh.lookup(h, Duration.ofSeconds(3));
        assertThat(r.peers()).contains(new InetSocketAddress(seeder[0].address().getAddress(), 7000));
    }

    @Test
    void anAnnounceFromAFreshNodeReachesTheBootstrapNodeDespiteSilentNodes() {
        InfoHash h = hash(random);
        DhtNode[] seeder = new DhtNode[1];
        DhtNode boot = bootstrapWithSilentNodes(h, seeder);
        DhtNode fresh = freshWithLongTimeouts(boot);
        LookupResult a = fresh.announce(h, 7100, Duration.ofSeconds(3));
        assertThat(a.peers()).contains(new InetSocketAddress(seeder[0].address().getAddress(), 7000));
        // Acknowledged, so stored before the next query: the lookup left time for the acknowledgements. The node that
        // acknowledged may be the seeder's rather than the bootstrap node, so the check is a whole lookup, not the
        // first answer.
        assertThat(a.announced()).isPositive();
        DhtNode other = node(List.of(boot.address()));
        assertThat(other.getPeers(h, Duration.ofSeconds(10))).contains(new InetSocketAddress(fresh.address().getAddress(), 7100));
    }

    @Test
    void thePeerSourceAdapterDoesNothingOnCompletedOrStopped() throws Exception {
        network(10);
        InfoHash h = hash(random);
        DhtPeerSource source = new DhtPeerSource(nodes.get(3), h, Duration.ofSeconds(10));
        var stats = new connectivity.torrent.swarm.PeerSource.Stats(0, 0, 0, 6001, new byte[20]);
        assertThat(source.announce(connectivity.torrent.swarm.PeerSource.Event.COMPLETED, stats).peers()).isEmpty();
        assertThat(source.announce(connectivity.torrent.swarm.PeerSource.Event.STOPPED, stats).peers()).isEmpty();
        assertThat(nodes.get(7).getPeers(h, Duration.ofSeconds(10))).as("nothing was announced").isEmpty();
    }

    @Test
    void thePeerSourceAdapterAnnouncesTheSwarmsPortAndReturnsOtherPeers() throws Exception {
        network(30);
        InfoHash h = hash(random);
        DhtNode other = nodes.get(3);
        other.announce(h, 6000, Duration.ofSeconds(10));
        DhtPeerSource source = new DhtPeerSource(nodes.get(17), h, Duration.ofSeconds(10));
        var response = source.announce(connectivity.torrent.swarm.PeerSource.Event.STARTED,
                new connectivity.torrent.swarm.PeerSource.Stats(0, 0, 100, 6001, new byte[20]));
        assertThat(response.peers()).contains(new InetSocketAddress(other.address().getAddress(), 6000));
        assertThat(response.interval()).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(30));
        // The swarm's own port is now in the DHT.
        assertThat(nodes.get(25).getPeers(h, Duration.ofSeconds(10))).contains(new InetSocketAddress(nodes.get(17).address().getAddress(), 6001));
    }

    @Test
    void anActiveAnnounceIsRepeatedBeforeStoredPeersExpire() throws Exception {
        RoutingTableTest.MutableClock clock = new RoutingTableTest.MutableClock();
        DhtConfig fast = CONFIG.withMaintenance(Duration.ofMillis(50));
        DhtNode first = DhtNode.start(fast, net.transport(), clock, Optional.empty(), List.of(), Optional.empty());
        nodes.add(first);
        for (int i = 0; i < 20; i++) {
            DhtNode n = DhtNode.start(fast, net.transport(), clock, Optional.empty(), List.of(first.address()), Optional.empty());
            nodes.add(n);
            n.bootstrap(Duration.ofSeconds(5));
        }
        InfoHash h = hash(random);
        DhtNode announcer = nodes.get(7), seeker = nodes.get(13);
        InetSocketAddress expected = new InetSocketAddress(announcer.address().getAddress(), 7777);
        try (AutoCloseable active = announcer.keepAnnouncing(h, 7777)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seeker.getPeers(h, Duration.ofSeconds(5)).contains(expected));
            // 31 minutes later every stored entry has expired; the announcer, still active, has announced again.
            clock.advance(Duration.ofMinutes(31));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> seeker.getPeers(h, Duration.ofSeconds(5)).contains(expected));
        }
        // Once closed, nothing renews it: 31 minutes on, it is gone.
        clock.advance(Duration.ofMinutes(31));
        org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> !seeker.getPeers(h, Duration.ofSeconds(5)).contains(expected));
    }

    @Test
    void aRestartedNodeRejoinsFromItsSavedTable() throws Exception {
        network(40);
        Path state = tmp.resolve("dht.dat");
        DhtNode n = DhtNode.start(CONFIG, net.transport(), Clock.systemUTC(), Optional.empty(), List.of(nodes.get(0).address()), Optional.of(state));
        n.bootstrap(Duration.ofSeconds(5));
        NodeId id = n.id();
        int known = n.tableSize();
        n.close();
        DhtState saved = DhtState.read(state).orElseThrow();
        assertThat(saved.id()).isEqualTo(id);
        assertThat(saved.nodes()).hasSize(known);

        // No bootstrap address this time: only the saved nodes.
        DhtNode again = DhtNode.start(CONFIG, net.transport(), Clock.systemUTC(), Optional.of(saved), List.of(), Optional.empty());
        nodes.add(again);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> again.tableSize() >= known / 2);
        assertThat(again.id()).isEqualTo(id);
        InfoHash h = hash(random);
        nodes.get(5).announce(h, 1234, Duration.ofSeconds(10));
        assertThat(again.getPeers(h, Duration.ofSeconds(10))).contains(new InetSocketAddress(nodes.get(5).address().getAddress(), 1234));
    }
}
