package connectivity.torrent.swarm;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
 * repeating a dead address, cannot make us dial in a loop. At most {@code capacity} are held; when full, a
 * newcomer takes the place of one we gave up on, or is not taken. Thread-safe; time is passed in.
 */
final class LearnedPeers {
    /** Dials of one learned peer, at most, over its time here (libtorrent gives up on a peer after 3 failures). */
    static final int MAX_DIALS = 3;

    private static final class Entry {
        long nextNanos;
        int dials;
    }

    private final int capacity;
    private final long firstNanos, maxNanos;
    private final Map<InetSocketAddress, Entry> peers = new LinkedHashMap<>();

    LearnedPeers(int capacity, Duration first, Duration max) {
        this.capacity = capacity;
        this.firstNanos = first.toNanos();
        this.maxNanos = Math.max(firstNanos, max.toNanos());
    }

    /** Takes the addresses not known yet, as room allows; returns how many it took. */
    synchronized int learn(Collection<InetSocketAddress> addresses, long now) {
        int taken = 0;
        for (InetSocketAddress a : addresses) {
            if (peers.containsKey(a)) continue;
            if (peers.size() >= capacity && !evictGivenUp()) break;
            Entry e = new Entry();
            e.nextNanos = now;
            peers.put(a, e);
            taken++;
        }
        return taken;
    }

    /** The oldest peer we gave up on leaves; false if we have given up on none. */
    private boolean evictGivenUp() {
        for (Iterator<Entry> it = peers.values().iterator(); it.hasNext(); ) {
            if (it.next().dials >= MAX_DIALS) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /**
     * At most {@code room} peers to dial now, each counted as dialled: those whose wait is over, not given up on,
     * and not {@code skip}ped (connected, being dialled, banned). A skipped one waits {@code first} again.
     */
    synchronized List<InetSocketAddress> due(long now, int room, Predicate<InetSocketAddress> skip) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Map.Entry<InetSocketAddress, Entry> me : peers.entrySet()) {
            if (out.size() >= room) break;
            Entry e = me.getValue();
            if (e.dials >= MAX_DIALS || now - e.nextNanos < 0) continue;
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
