package connectivity.torrent.swarm;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Peers other peers told us of (PEX), waiting to be dialled. Each is dialled when there is room, and again after
 * {@code first}, doubling up to {@code max}, while it is not connected, but {@value #MAX_DIALS} times in all:
 * learning of it again (from the same peer or another) changes nothing, so a peer repeating itself, or a swarm
 * repeating a dead address, cannot make us dial in a loop. At most {@code capacity} are held.
 *
 * <p>One source (the IP of the peer that told us) cannot fill the table: it is credited with the peers it told us of
 * first, and holds at most a quarter of the table ({@link #quota}). When the table is full, a newcomer takes the place
 * of one we gave up on; failing that, of an entry of the source holding the most, if that source holds at least two
 * more than the newcomer's does (so the sources converge on equal shares); else it is not taken. An entry reported
 * by several sources is never displaced for fairness, and is dialled before entries only one source vouches for: a
 * hostile peer can invent addresses, but not other peers repeating them. Thread-safe; time is passed in.
 */
final class LearnedPeers {
    /** Dials of one learned peer, at most, over its time here (libtorrent gives up on a peer after 3 failures). */
    static final int MAX_DIALS = 3;
    /** Distinct sources counted per entry: enough to rank entries, and bounded whatever a swarm repeats. */
    static final int MAX_SOURCES = 4;

    private static final class Entry {
        final InetAddress owner;
        final Set<InetAddress> sources = new HashSet<>(2);
        long nextNanos;
        int dials;

        Entry(InetAddress owner) {
            this.owner = owner;
            sources.add(owner);
        }
    }

    private final int capacity, quota;
    private final long firstNanos, maxNanos;
    private final Map<InetSocketAddress, Entry> peers = new LinkedHashMap<>();
    /** Entries credited to each source; a source with none is not kept, so this is no larger than the table. */
    private final Map<InetAddress, Integer> owned = new HashMap<>();

    LearnedPeers(int capacity, Duration first, Duration max) {
        this.capacity = capacity;
        this.quota = Math.max(1, capacity / 4);
        this.firstNanos = first.toNanos();
        this.maxNanos = Math.max(firstNanos, max.toNanos());
    }

    /** Most entries one source is credited with. */
    int quota() {
        return quota;
    }

    /** Takes the addresses {@code source} told us of that are not known yet, as its quota and the room allow; returns how many it took. */
    synchronized int learn(InetAddress source, Collection<InetSocketAddress> addresses, long now) {
        int taken = 0;
        for (InetSocketAddress a : addresses) {
            Entry known = peers.get(a);
            if (known != null) {
                if (known.sources.size() < MAX_SOURCES) known.sources.add(source);
                continue;
            }
            int mine = owned.getOrDefault(source, 0);
            if (mine >= quota) continue; // later addresses may be known ones it confirms
            if (peers.size() >= capacity && !evictGivenUp() && !evictForFairness(mine)) continue;
            Entry e = new Entry(source);
            e.nextNanos = now;
            peers.put(a, e);
            owned.merge(source, 1, Integer::sum);
            taken++;
        }
        return taken;
    }

    /** The oldest peer we gave up on leaves; false if we have given up on none. */
    private boolean evictGivenUp() {
        return evictFirst(e -> e.dials >= MAX_DIALS);
    }

    /** The oldest entry only the largest source vouches for leaves, if that source holds at least two more than {@code mine}. */
    private boolean evictForFairness(int mine) {
        InetAddress largest = null;
        int most = 0;
        for (Map.Entry<InetAddress, Integer> o : owned.entrySet()) {
            if (o.getValue() > most) {
                most = o.getValue();
                largest = o.getKey();
            }
        }
        if (largest == null || most < mine + 2) return false;
        InetAddress victim = largest;
        return evictFirst(e -> e.owner.equals(victim) && e.sources.size() == 1);
    }

    private boolean evictFirst(Predicate<Entry> which) {
        for (Iterator<Entry> it = peers.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (which.test(e)) {
                it.remove();
                owned.computeIfPresent(e.owner, (k, n) -> n == 1 ? null : n - 1);
                return true;
            }
        }
        return false;
    }

    /**
     * At most {@code room} peers to dial now, each counted as dialled: those whose wait is over, not given up on,
     * and not {@code skip}ped (connected, being dialled, banned), those more sources told us of first. A skipped one
     * waits {@code first} again.
     */
    synchronized List<InetSocketAddress> due(long now, int room, Predicate<InetSocketAddress> skip) {
        List<Map.Entry<InetSocketAddress, Entry>> ready = new ArrayList<>();
        for (Map.Entry<InetSocketAddress, Entry> me : peers.entrySet()) {
            Entry e = me.getValue();
            if (e.dials >= MAX_DIALS || now - e.nextNanos < 0) continue;
            ready.add(me);
        }
        ready.sort(Comparator.comparingInt((Map.Entry<InetSocketAddress, Entry> me) -> me.getValue().sources.size()).reversed());
        List<InetSocketAddress> out = new ArrayList<>();
        for (Map.Entry<InetSocketAddress, Entry> me : ready) {
            if (out.size() >= room) break;
            Entry e = me.getValue();
            if (skip.test(me.getKey())) {
                e.nextNanos = now + firstNanos;
                continue;
            }
            e.nextNanos = now + Math.min(maxNanos, firstNanos << Math.min(30, e.dials));
            e.dials++;
            out.add(me.getKey());
        }
        return out;
    }

    /**
     * Whether a ban ({@link PeerIdentity#banKey()}: address and peer id) is at this peer's IP: a learned peer is only
     * an address, so any ban there keeps it undialled.
     */
    static boolean bannedAt(Set<String> banKeys, InetSocketAddress a) {
        if (a.getAddress() == null) return false;
        String prefix = a.getAddress().getHostAddress() + "/";
        for (String key : banKeys) {
            if (key.startsWith(prefix)) return true;
        }
        return false;
    }

    synchronized int size() {
        return peers.size();
    }

    synchronized boolean knows(InetSocketAddress a) {
        return peers.containsKey(a);
    }
}
