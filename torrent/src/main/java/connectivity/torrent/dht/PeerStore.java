package connectivity.torrent.dht;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Peers announced to us (announce_peer), by info-hash: each entry expires {@link #EXPIRY} after its last
 * announce. Caps per info-hash and in total bound memory; past the per-hash cap the oldest peer of that hash
 * goes, past the total cap a new announce is refused (announces already held keep being refreshed).
 */
public final class PeerStore {
    public static final Duration EXPIRY = Duration.ofMinutes(30);

    private final Clock clock;
    private final int maxPerHash;
    private final int maxTotal;
    private final int maxHashes;
    private final Map<NodeId, LinkedHashMap<InetSocketAddress, Instant>> peers = new HashMap<>();
    private int total;

    public PeerStore(Clock clock, int maxHashes, int maxPerHash, int maxTotal) {
        this.clock = clock;
        this.maxHashes = maxHashes;
        this.maxPerHash = maxPerHash;
        this.maxTotal = maxTotal;
    }

    /** Stores or refreshes a peer; false if the store is full. */
    public synchronized boolean add(NodeId infoHash, InetSocketAddress peer) {
        Instant now = clock.instant();
        LinkedHashMap<InetSocketAddress, Instant> set = peers.get(infoHash);
        if (set != null && set.remove(peer) != null) {
            set.put(peer, now);
            return true;
        }
        if (total >= maxTotal) expire(now);
        if (total >= maxTotal) return false;
        if (set == null) {
            if (peers.size() >= maxHashes) return false;
            set = new LinkedHashMap<>();
            peers.put(infoHash, set);
        }
        if (set.size() >= maxPerHash) {
            Iterator<InetSocketAddress> oldest = set.keySet().iterator();
            oldest.next();
            oldest.remove();
            total--;
        }
        set.put(peer, now);
        total++;
        return true;
    }

    /** Up to {@code max} live peers of the hash, a random choice when there are more. */
    public synchronized List<InetSocketAddress> get(NodeId infoHash, int max, Random random) {
        LinkedHashMap<InetSocketAddress, Instant> set = peers.get(infoHash);
        if (set == null) return List.of();
        Instant horizon = clock.instant().minus(EXPIRY);
        List<InetSocketAddress> live = new ArrayList<>();
        for (var e : set.entrySet()) if (e.getValue().isAfter(horizon)) live.add(e.getKey());
        if (live.size() > max) {
            Collections.shuffle(live, random);
            return List.copyOf(live.subList(0, max));
        }
        return live;
    }

    /** Drops expired peers (and hashes left empty). */
    public synchronized void expire() {
        expire(clock.instant());
    }

    private void expire(Instant now) {
        Instant horizon = now.minus(EXPIRY);
        for (var it = peers.values().iterator(); it.hasNext(); ) {
            LinkedHashMap<InetSocketAddress, Instant> set = it.next();
            // Entries are in announce order, so the expired ones are at the front.
            for (var p = set.entrySet().iterator(); p.hasNext(); ) {
                if (p.next().getValue().isAfter(horizon)) break;
                p.remove();
                total--;
            }
            if (set.isEmpty()) it.remove();
        }
    }

    public synchronized int size() {
        return total;
    }

    public synchronized int hashes() {
        return peers.size();
    }
}
