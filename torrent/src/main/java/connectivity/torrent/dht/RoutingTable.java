package connectivity.torrent.dht;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The Kademlia routing table of BEP 5: buckets of {@link #K} nodes over ranges of the 160-bit ID space, the
 * bucket holding our own ID split whenever it overflows, so the table knows many nodes near us and a few far
 * away. Pure logic with an injected clock; the node feeds it what happens on the wire.
 *
 * <p>Only nodes that answered one of our queries get in (a query alone can be sent from a forged address), and
 * within one bucket one IP address holds at most one slot, so crafted IDs from one host cannot fill a bucket.
 * Memory is bounded: at most 160 buckets of {@link #K} nodes and {@link #K} replacements each.
 */
public final class RoutingTable {
    public static final int K = 8;
    /** How long an answer keeps a node good (BEP 5). */
    public static final Duration GOOD_FOR = Duration.ofMinutes(15);
    /** Failed queries in a row after which a node is bad. */
    public static final int BAD_AFTER_FAILURES = 2;

    public enum Status { GOOD, QUESTIONABLE, BAD }

    /** What {@link #responded} did with a node. */
    public enum Outcome { ADDED, UPDATED, CACHED, REFUSED }

    private static final class Entry {
        Contact contact;
        Instant lastResponse;
        Instant lastQuery;
        Instant lastPinged;
        int failures;

        Entry(Contact contact) {
            this.contact = contact;
        }
    }

    private static final class Bucket {
        final List<Entry> nodes = new ArrayList<>();
        final List<Entry> replacements = new ArrayList<>();
        Instant lastChanged;

        Bucket(Instant now) {
            lastChanged = now;
        }
    }

    private final NodeId self;
    private final Clock clock;
    private final boolean restrictIps;
    private final boolean enforceNodeIds;
    private final List<Bucket> buckets = new ArrayList<>();

    /** With {@code restrictIps}, one slot per IP per bucket (loopback exempt: only this host sends from it). */
    public RoutingTable(NodeId self, Clock clock, boolean restrictIps) {
        this(self, clock, restrictIps, false);
    }

    /**
     * With {@code enforceNodeIds} (BEP 42), a node whose ID does not fit its IP is refused; loopback, private and
     * link-local addresses are exempt ({@link Bep42#exempt}).
     */
    public RoutingTable(NodeId self, Clock clock, boolean restrictIps, boolean enforceNodeIds) {
        this.self = self;
        this.clock = clock;
        this.restrictIps = restrictIps;
        this.enforceNodeIds = enforceNodeIds;
        buckets.add(new Bucket(clock.instant()));
    }

    public NodeId self() {
        return self;
    }

    public synchronized int size() {
        return buckets.stream().mapToInt(b -> b.nodes.size()).sum();
    }

    public synchronized int bucketCount() {
        return buckets.size();
    }

    private int indexOf(NodeId id) {
        return Math.min(self.commonPrefixBits(id), buckets.size() - 1);
    }

    /** The node answered one of our queries: it is good now. */
    public synchronized Outcome responded(Contact c) {
        if (c.id().equals(self)) return Outcome.REFUSED;
        if (enforceNodeIds && !Bep42.matches(c.id(), c.address().getAddress())) return Outcome.REFUSED;
        Instant now = clock.instant();
        while (true) {
            Bucket b = buckets.get(indexOf(c.id()));
            Entry e = find(b.nodes, c.id());
            if (e != null) {
                if (!e.contact.address().equals(c.address())) {
                    // Someone else claims a known ID: keep the node we know unless it has gone bad.
                    if (status(e, now) != Status.BAD) return Outcome.REFUSED;
                    e.contact = c;
                }
                e.lastResponse = now;
                e.failures = 0;
                b.lastChanged = now;
                return Outcome.UPDATED;
            }
            if (ipTaken(b.nodes, c)) return Outcome.REFUSED;
            Entry fresh = new Entry(c);
            fresh.lastResponse = now;
            if (b.nodes.size() < K) {
                b.nodes.add(fresh);
                b.replacements.removeIf(r -> r.contact.id().equals(c.id()));
                b.lastChanged = now;
                return Outcome.ADDED;
            }
            if (buckets.indexOf(b) == buckets.size() - 1 && buckets.size() < NodeId.BITS) {
                split();
                continue;
            }
            Optional<Entry> bad = b.nodes.stream().filter(n -> status(n, now) == Status.BAD).findFirst();
            if (bad.isPresent()) {
                b.nodes.set(b.nodes.indexOf(bad.get()), fresh);
                b.lastChanged = now;
                return Outcome.ADDED;
            }
            b.replacements.removeIf(r -> r.contact.id().equals(c.id()) || (restricted(c) && sameIp(r.contact, c)));
            b.replacements.add(fresh);
            if (b.replacements.size() > K) b.replacements.remove(0);
            return Outcome.CACHED;
        }
    }

    /** The node sent us a query: if we know it, that keeps it good (BEP 5: it answered us once before). */
    public synchronized void queried(Contact c) {
        Entry e = find(buckets.get(indexOf(c.id())).nodes, c.id());
        if (e != null && e.contact.address().equals(c.address())) e.lastQuery = clock.instant();
    }

    /** A query to the node timed out; a node that goes bad gives its slot to the freshest replacement. */
    public synchronized void failed(NodeId id, InetSocketAddress address) {
        Bucket b = buckets.get(indexOf(id));
        b.replacements.removeIf(r -> r.contact.id().equals(id));
        Entry e = find(b.nodes, id);
        if (e == null || !e.contact.address().equals(address)) return;
        e.failures++;
        Instant now = clock.instant();
        if (status(e, now) == Status.BAD && !b.replacements.isEmpty()) {
            Entry r = b.replacements.remove(b.replacements.size() - 1);
            b.nodes.set(b.nodes.indexOf(e), r);
            b.lastChanged = now;
        }
    }

    public synchronized Optional<Status> status(NodeId id) {
        Entry e = find(buckets.get(indexOf(id)).nodes, id);
        return e == null ? Optional.empty() : Optional.of(status(e, clock.instant()));
    }

    /** Whether the node is in the table and not bad: answers to it need no amplification limit. */
    public synchronized boolean verified(InetSocketAddress address, NodeId id) {
        Entry e = find(buckets.get(indexOf(id)).nodes, id);
        return e != null && e.contact.address().equals(address) && status(e, clock.instant()) != Status.BAD;
    }

    private static Status status(Entry e, Instant now) {
        if (e.failures >= BAD_AFTER_FAILURES) return Status.BAD;
        Instant horizon = now.minus(GOOD_FOR);
        boolean recentAnswer = e.lastResponse != null && e.lastResponse.isAfter(horizon);
        boolean recentQuery = e.lastQuery != null && e.lastQuery.isAfter(horizon);
        if (e.failures == 0 && (recentAnswer || (e.lastResponse != null && recentQuery))) return Status.GOOD;
        return Status.QUESTIONABLE;
    }

    /** Up to {@code n} nodes that are not bad, closest to {@code target} first. */
    public synchronized List<Contact> closest(NodeId target, int n) {
        Instant now = clock.instant();
        return buckets.stream().flatMap(b -> b.nodes.stream()).filter(e -> status(e, now) != Status.BAD)
                .map(e -> e.contact).sorted(Comparator.comparing(Contact::id, target::compareDistance)).limit(n).toList();
    }

    /** Every node in the table (not the replacements), for saving. */
    public synchronized List<Contact> contacts() {
        return buckets.stream().flatMap(b -> b.nodes.stream()).map(e -> e.contact).toList();
    }

    /**
     * Questionable nodes to ping now, at most {@code max}, each at most once per {@code every}; they come back
     * good through {@link #responded} or go bad through {@link #failed}.
     */
    public synchronized List<Contact> toPing(int max, Duration every) {
        Instant now = clock.instant();
        List<Contact> out = new ArrayList<>();
        for (Bucket b : buckets) {
            for (Entry e : b.nodes) {
                if (out.size() >= max) return out;
                if (status(e, now) != Status.QUESTIONABLE) continue;
                if (e.lastPinged != null && e.lastPinged.plus(every).isAfter(now)) continue;
                e.lastPinged = now;
                out.add(e.contact);
            }
        }
        return out;
    }

    /**
     * Random targets inside each bucket nothing has changed in for {@code quiet} (BEP 5 refreshes such buckets
     * with a find_node); the buckets count as refreshed from now.
     */
    public synchronized List<NodeId> bucketsToRefresh(Duration quiet, Random random) {
        Instant now = clock.instant();
        List<NodeId> out = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            if (b.lastChanged.plus(quiet).isAfter(now)) continue;
            b.lastChanged = now;
            out.add(self.randomWithPrefix(i, random));
        }
        return out;
    }

    /** The same nodes in a table around another ID (ours changed, BEP 42). */
    public synchronized RoutingTable rebuiltAround(NodeId id) {
        RoutingTable t = new RoutingTable(id, clock, restrictIps, enforceNodeIds);
        for (Bucket b : buckets) for (Entry e : b.nodes) if (e.lastResponse != null) t.responded(e.contact);
        return t;
    }

    private void split() {
        int last = buckets.size() - 1;
        Bucket old = buckets.get(last);
        Bucket next = new Bucket(old.lastChanged);
        buckets.add(next);
        moveFar(old.nodes, next.nodes, last);
        moveFar(old.replacements, next.replacements, last);
    }

    private void moveFar(List<Entry> from, List<Entry> to, int index) {
        for (var it = from.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (self.commonPrefixBits(e.contact.id()) > index) {
                to.add(e);
                it.remove();
            }
        }
    }

    private static Entry find(List<Entry> entries, NodeId id) {
        for (Entry e : entries) if (e.contact.id().equals(id)) return e;
        return null;
    }

    private boolean ipTaken(List<Entry> entries, Contact c) {
        if (!restricted(c)) return false;
        for (Entry e : entries) if (sameIp(e.contact, c)) return true;
        return false;
    }

    private boolean restricted(Contact c) {
        return restrictIps && !c.address().getAddress().isLoopbackAddress();
    }

    private static boolean sameIp(Contact a, Contact b) {
        InetAddress x = a.address().getAddress(), y = b.address().getAddress();
        return x.equals(y);
    }
}
