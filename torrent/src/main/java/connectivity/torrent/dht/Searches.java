package connectivity.torrent.dht;

import connectivity.torrent.dht.KrpcMessage.AnnouncePeer;
import connectivity.torrent.dht.KrpcMessage.FindNode;
import connectivity.torrent.dht.KrpcMessage.GetPeers;
import connectivity.torrent.dht.KrpcMessage.Query;
import connectivity.torrent.dht.KrpcMessage.Response;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Drives {@link Lookup}s over a node's RPC: the lookup's state is touched only by the calling thread, replies
 * come back to it through a queue. Bootstrap, find_node, get_peers and the announce that follows one.
 */
final class Searches {
    static final int MAX_CANDIDATES = 128;
    static final int MAX_PEERS = 1000;

    private final DhtNode node;
    private final DhtConfig config;
    private final java.util.Random random = new java.util.Random();

    Searches(DhtNode node, DhtConfig config) {
        this.node = node;
        this.config = config;
    }

    private record Event(Contact contact, Response response) {}

    /** Runs the lookup to its end or the deadline; {@code make} builds the query for a transaction ID. */
    Lookup run(Lookup lookup, Function<byte[], Query> make, long deadline) {
        return run(lookup, make, deadline, false);
    }

    /** With {@code untilPeers}, it also ends as soon as some node gave peers (queries still out are left to time out). */
    private Lookup run(Lookup lookup, Function<byte[], Query> make, long deadline, boolean untilPeers) {
        lookup.skipping(node.id());
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        while (!lookup.done()) {
            for (Contact c : lookup.next()) {
                node.query(c, make).whenComplete((r, e) -> events.add(new Event(c, e == null ? r : null)));
            }
            if (lookup.inFlight() == 0) break;
            long wait = millisLeft(deadline);
            if (wait <= 0) break;
            Event ev;
            try {
                ev = events.poll(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (ev == null) break;
            if (ev.response == null) lookup.failed(ev.contact);
            else lookup.answered(ev.contact, ev.response);
            if (untilPeers && !lookup.peers().isEmpty()) break;
        }
        return lookup;
    }

    Lookup findNode(NodeId target, long deadline) {
        Lookup l = new Lookup(target, seeds(target), RoutingTable.K, config.alpha(), MAX_CANDIDATES, 0);
        return run(l, tid -> new FindNode(tid, node.id(), false, target), deadline);
    }

    /**
     * A get_peers lookup. While the table is small it starts from the bootstrap addresses' answers to the get_peers
     * itself (one round trip; their peers count), not after a whole join: a join through silent nodes (a leecher
     * gone, each costing a query timeout) could take the whole deadline and leave the lookup none.
     */
    Lookup getPeers(NodeId infoHash, List<InetSocketAddress> bootstrap, long deadline) {
        Function<byte[], Query> ask = tid -> new GetPeers(tid, node.id(), false, infoHash);
        Set<InetSocketAddress> values = new LinkedHashSet<>();
        List<Contact> named = greetIfAlone(bootstrap, ask, deadline, values);
        List<Contact> seeds = new ArrayList<>(seeds(infoHash));
        seeds.addAll(named);
        Lookup l = new Lookup(infoHash, seeds, RoutingTable.K, config.alpha(), MAX_CANDIDATES, MAX_PEERS).given(values);
        return run(l, ask, deadline);
    }

    /**
     * While the table holds fewer than K nodes: {@code ask} to each bootstrap address, at once; the nodes they name
     * (and, into {@code values}, the peers they give). The answers enter the table on the way.
     */
    private List<Contact> greetIfAlone(List<InetSocketAddress> bootstrap, Function<byte[], Query> ask, long deadline,
            Set<InetSocketAddress> values) {
        List<Contact> named = new ArrayList<>();
        if (bootstrap.isEmpty() || node.table().size() >= RoutingTable.K) return named;
        for (Response r : greet(bootstrap, ask, deadline)) {
            values.addAll(r.values());
            named.addAll(r.allNodes());
        }
        return named;
    }

    /**
     * Peers soon, not a converged lookup (that is for announcing): while the table is small, get_peers goes first to
     * the bootstrap addresses (one round trip; a bootstrap node often holds the peers itself), then a get_peers
     * lookup with all K closest in flight at once (a silent node then delays nobody) that ends at the first answer
     * with peers; queries still out are left to time out.
     */
    List<InetSocketAddress> firstPeers(NodeId infoHash, List<InetSocketAddress> bootstrap, long deadline) {
        Function<byte[], Query> ask = tid -> new GetPeers(tid, node.id(), false, infoHash);
        Set<InetSocketAddress> values = new LinkedHashSet<>();
        List<Contact> named = greetIfAlone(bootstrap, ask, deadline, values);
        if (!values.isEmpty()) return List.copyOf(values);
        List<Contact> seeds = new ArrayList<>(seeds(infoHash));
        seeds.addAll(named);
        Lookup l = new Lookup(infoHash, seeds, RoutingTable.K, RoutingTable.K, MAX_CANDIDATES, MAX_PEERS);
        return run(l, ask, deadline, true).peers();
    }

    /** Sends {@code make}'s query to each address (IDs unknown), at once; the answers that came by the deadline. */
    private List<Response> greet(List<InetSocketAddress> addresses, Function<byte[], Query> make, long deadline) {
        List<CompletableFuture<Response>> first = new ArrayList<>();
        for (InetSocketAddress a : addresses) first.add(node.query(a, make));
        List<Response> answers = new ArrayList<>();
        for (CompletableFuture<Response> f : first) {
            try {
                long wait = Math.max(1, millisLeft(deadline));
                answers.add(f.get(wait, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // That bootstrap node is down; the others may do.
            }
        }
        return answers;
    }

    /** get_peers, then announce_peer to the closest nodes that gave tokens; counts the acknowledgements. */
    LookupResult announce(NodeId infoHash, int port, boolean impliedPort, long deadline) {
        return announce(infoHash, port, impliedPort, List.of(), deadline);
    }

    /** As above, starting from the bootstrap addresses while the table is small (see {@link #getPeers(NodeId, List, long)}). */
    LookupResult announce(NodeId infoHash, int port, boolean impliedPort, List<InetSocketAddress> bootstrap, long deadline) {
        // A silent node among the closest keeps the lookup going to its deadline; a third of the time (at most a
        // query timeout) is kept for the announce_peer acknowledgements, or none would be waited for.
        long now = System.nanoTime();
        long reserve = Math.min(config.queryTimeout().toNanos() + 100_000_000L, Math.max(0, deadline - now) / 3);
        Lookup l = getPeers(infoHash, bootstrap, deadline - reserve);
        List<CompletableFuture<Response>> acks = new ArrayList<>();
        for (Lookup.Tokened t : l.closestWithTokens(RoutingTable.K)) {
            acks.add(node.query(t.contact(), tid -> new AnnouncePeer(tid, node.id(), false, infoHash, port, impliedPort, t.token())));
        }
        int ok = 0;
        for (CompletableFuture<Response> a : acks) {
            try {
                long wait = Math.max(1, millisLeft(deadline));
                a.get(Math.min(wait, config.queryTimeout().toMillis() + 100), TimeUnit.MILLISECONDS);
                ok++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // A node that does not acknowledge is one fewer holder of the announce.
            }
        }
        return new LookupResult(l.peers(), l.closestAnswered(RoutingTable.K), l.hops(), l.queries() + acks.size(), ok);
    }

    /**
     * Joins through the given addresses (IDs unknown): a find_node for our own ID to each, then a lookup of our
     * ID through whatever they named. Answers fill the routing table on the way.
     */
    void bootstrap(List<InetSocketAddress> addresses, long deadline) {
        NodeId self = node.id();
        Set<Contact> named = new LinkedHashSet<>();
        for (Response r : greet(addresses, tid -> new FindNode(tid, self, false, self), deadline)) named.addAll(r.allNodes());
        if (Thread.currentThread().isInterrupted()) return;
        List<Contact> seeds = new ArrayList<>(node.table().closest(self, RoutingTable.K * 2));
        seeds.addAll(named);
        run(new Lookup(self, seeds, RoutingTable.K, config.alpha(), MAX_CANDIDATES, 0), tid -> new FindNode(tid, self, false, self), deadline);
        // Then one lookup inside each bucket's range: without it the far buckets hold only the few nodes met on
        // the way to our own ID, and lookups from here start far from their targets.
        RoutingTable t = node.table();
        for (int i = 0; i < t.bucketCount() - 1 && millisLeft(deadline) > 0; i++) {
            findNode(self.randomWithPrefix(i, random), deadline);
        }
    }

    /** Deadlines are {@link System#nanoTime} values: real waiting, unlike the node's clock, which is protocol time. */
    static long deadlineIn(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    private static long millisLeft(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    private List<Contact> seeds(NodeId target) {
        return node.table().closest(target, RoutingTable.K * 4);
    }
}
