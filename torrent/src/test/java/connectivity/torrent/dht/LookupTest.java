package connectivity.torrent.dht;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.dht.KrpcMessage.Response;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lookup state machine driven by hand over an imaginary network: alpha, convergence, failures. */
class LookupTest {
    private final Random random = new Random(11);
    private final List<Contact> all = new ArrayList<>();
    private final Map<NodeId, List<Contact>> knows = new HashMap<>();

    LookupTest() {
        for (int i = 0; i < 500; i++) all.add(new Contact(NodeId.random(random), new InetSocketAddress("10.0." + (i / 250) + "." + (i % 250 + 1), 6881)));
        // Each node knows its 8 nearest neighbours and 40 others at random, as a Kademlia table roughly does.
        for (Contact c : all) {
            Set<Contact> k = new HashSet<>(all.stream().filter(o -> o != c).sorted(Comparator.comparing(Contact::id, c.id()::compareDistance)).limit(8).toList());
            for (int i = 0; i < 40; i++) k.add(all.get(random.nextInt(all.size())));
            k.remove(c);
            knows.put(c.id(), List.copyOf(k));
        }
    }

    private Response answer(Contact c, NodeId target) {
        List<Contact> closest = knows.get(c.id()).stream().sorted(Comparator.comparing(Contact::id, target::compareDistance)).limit(8).toList();
        return Response.of(new byte[] {1}, c.id()).withNodes(closest, List.of()).withToken(new byte[] {2});
    }

    @Test
    void convergesOnTheEightClosestWithAtMostAlphaInFlight() {
        for (int round = 0; round < 20; round++) {
            NodeId target = NodeId.random(random);
            Lookup l = new Lookup(target, List.of(all.get(random.nextInt(all.size()))), 8, 3, 128, 0);
            int rounds = 0;
            while (!l.done()) {
                List<Contact> batch = l.next();
                assertThat(l.inFlight()).isLessThanOrEqualTo(3);
                assertThat(batch).isNotEmpty();
                for (Contact c : batch) l.answered(c, answer(c, target));
                rounds++;
            }
            List<NodeId> truth = all.stream().map(Contact::id).sorted(target::compareDistance).limit(8).toList();
            assertThat(l.closestAnswered(8).stream().map(Contact::id).toList()).isEqualTo(truth);
            assertThat(l.closestWithTokens(8)).hasSize(8);
            assertThat(l.queries()).isLessThan(60);
            assertThat(rounds).isLessThan(30);
        }
    }

    @Test
    void failedNodesMakeRoomForTheNextClosest() {
        NodeId target = NodeId.random(random);
        Set<NodeId> dead = new HashSet<>();
        all.stream().sorted(Comparator.comparing(Contact::id, target::compareDistance)).limit(4).forEach(c -> dead.add(c.id()));
        Lookup l = new Lookup(target, List.of(all.get(0), all.get(1)), 8, 3, 128, 0);
        while (!l.done()) {
            for (Contact c : l.next()) {
                if (dead.contains(c.id())) l.failed(c);
                else l.answered(c, answer(c, target));
            }
        }
        List<NodeId> truth = all.stream().map(Contact::id).filter(id -> !dead.contains(id)).sorted(target::compareDistance).limit(8).toList();
        assertThat(l.closestAnswered(8).stream().map(Contact::id).toList()).isEqualTo(truth);
    }

    @Test
    void aLookupWithNobodyToAskIsDoneAtOnce() {
        Lookup l = new Lookup(NodeId.random(random), List.of(), 8, 3, 128, 0);
        assertThat(l.next()).isEmpty();
        assertThat(l.done()).isTrue();
        assertThat(l.hops()).isZero();
    }

    @Test
    void valuesAreCollectedAndRepeatedAddressesAskedOnce() {
        NodeId target = NodeId.random(random);
        Contact a = all.get(0);
        InetSocketAddress peer = new InetSocketAddress("10.9.9.9", 51413);
        // The same address under another ID is one candidate, not two.
        Contact alias = new Contact(NodeId.random(random), a.address());
        Lookup l = new Lookup(target, List.of(a, alias), 8, 3, 128, 100);
        List<Contact> first = l.next();
        assertThat(first).hasSize(1);
        l.answered(first.get(0), Response.of(new byte[] {1}, a.id()).withValues(List.of(peer, peer)));
        assertThat(l.done()).isTrue();
        assertThat(l.peers()).containsExactly(peer);
    }
}
