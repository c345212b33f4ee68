package connectivity.torrent.tracker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The peers of one swarm of {@link InMemorySwarmStore}, guarded by the caller's lock on it: a list for O(1)
 * random sampling, with an index by endpoint for O(1) update and swap-remove.
 */
final class SwarmPeers {
    /** A swarm sweeps out its expired peers when the expiry cutoff has moved on by this much. */
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    private final List<PeerRecord> peers = new ArrayList<>();
    private final Map<PeerRecord.Endpoint, Integer> index = new HashMap<>();
    private int seeders;
    long downloaded;
    /** Removed from the store; whoever still holds it must look the swarm up again. */
    boolean dead;
    /** When anyone last announced to it, so a swarm without peers is not kept for ever for its download count. */
    Instant lastAnnounce = Instant.MIN;
    private Instant lastSweep = Instant.MIN;

    int size() {
        return peers.size();
    }

    boolean contains(PeerRecord.Endpoint endpoint) {
        return index.containsKey(endpoint);
    }

    /** Records the peer in place of the entry at its endpoint; true if the endpoint is new here. */
    boolean put(PeerRecord peer) {
        PeerRecord.Endpoint key = peer.endpoint();
        Integer at = index.get(key);
        boolean added = at == null;
        if (added) {
            index.put(key, peers.size());
            peers.add(peer);
        } else {
            if (peers.get(at).seeder()) seeders--;
            peers.set(at, peer);
        }
        if (peer.seeder()) seeders++;
        return added;
    }

    /** Removes the entry at {@code key}; true if there was one. */
    boolean remove(PeerRecord.Endpoint key) {
        Integer at = index.remove(key);
        if (at == null) return false;
        PeerRecord gone = peers.get(at);
        if (gone.seeder()) seeders--;
        PeerRecord last = peers.remove(peers.size() - 1);
        if (at < peers.size()) {
            peers.set(at, last);
            index.put(last.endpoint(), at);
        }
        return true;
    }

    /** Sweeps if the cutoff moved on enough since the last sweep; returns how many peers were dropped. */
    int sweepIfDue(Instant expiredBefore) {
        if (lastSweep.equals(Instant.MIN) || Duration.between(lastSweep, expiredBefore).compareTo(SWEEP_EVERY) >= 0) return sweep(expiredBefore);
        return 0;
    }

    int sweep(Instant expiredBefore) {
        lastSweep = expiredBefore;
        int dropped = 0;
        for (int i = peers.size() - 1; i >= 0; i--) {
            if (i < peers.size() && peers.get(i).lastSeen().isBefore(expiredBefore)) {
                remove(peers.get(i).endpoint());
                dropped++;
            }
        }
        return dropped;
    }

    /** True when nothing in it is worth keeping: no peers, and no download count anyone announced to lately. */
    boolean forgettable(Instant expiredBefore) {
        return peers.isEmpty() && (downloaded == 0 || lastAnnounce.isBefore(expiredBefore));
    }

    SwarmStore.SwarmStats stats() {
        return new SwarmStore.SwarmStats(seeders, peers.size() - seeders, downloaded);
    }

    List<PeerRecord> sample(PeerRecord self, Instant expiredBefore, int numwant) {
        int n = peers.size();
        if (n <= 1 || numwant <= 0) return List.of();
        List<PeerRecord> out = new ArrayList<>(Math.min(numwant, n - 1));
        int start = ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n && out.size() < numwant; i++) {
            PeerRecord p = peers.get((start + i) % n);
            if (self.seeder() && p.seeder()) continue;
            if (p.lastSeen().isBefore(expiredBefore)) continue;
            if (p.sameId(self) || p.endpoint().equals(self.endpoint())) continue; // itself, or its other address
            out.add(p);
        }
        return out;
    }
}
