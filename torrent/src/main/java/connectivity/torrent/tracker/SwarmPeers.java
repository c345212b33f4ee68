package connectivity.torrent.tracker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The peers of one swarm of {@link InMemorySwarmStore}, guarded by the caller's lock on it: a list for O(1)
 * random sampling, with an index by endpoint for O(1) update and swap-remove, and one by peer id and address
 * family for the entries announced with a {@code key}, so a peer that moved can find the entry it left.
 */
final class SwarmPeers {
    /** A swarm sweeps out its expired peers when the expiry cutoff has moved on by this much. */
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    private final List<PeerRecord> peers = new ArrayList<>();
    private final Map<PeerRecord.Endpoint, Integer> index = new HashMap<>();
    private final Map<IdAndFamily, PeerRecord.Endpoint> keyed = new HashMap<>();
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

    /**
     * The endpoint of the entry {@code peer} left behind, if its announce from a new endpoint proves it is the
     * same peer (BEP 3's {@code key}); empty otherwise, and always for announces without a key.
     */
    Optional<PeerRecord.Endpoint> movedFrom(PeerRecord peer) {
        if (!peer.hasKey() || index.containsKey(peer.endpoint())) return Optional.empty();
        PeerRecord.Endpoint old = keyed.get(IdAndFamily.of(peer));
        if (old == null || !peers.get(index.get(old)).movedTo(peer)) return Optional.empty();
        return Optional.of(old);
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
            PeerRecord before = peers.get(at);
            if (before.seeder()) seeders--;
            unindexKey(before);
            peers.set(at, peer);
        }
        if (peer.seeder()) seeders++;
        if (peer.hasKey()) keyed.put(IdAndFamily.of(peer), key);
        return added;
    }

    private void unindexKey(PeerRecord gone) {
        if (gone.hasKey()) keyed.remove(IdAndFamily.of(gone), gone.endpoint());
    }

    /** Removes the entry at {@code key}; true if there was one. */
    boolean remove(PeerRecord.Endpoint key) {
        Integer at = index.remove(key);
        if (at == null) return false;
        PeerRecord gone = peers.get(at);
        if (gone.seeder()) seeders--;
        unindexKey(gone);
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
            if (i < peers.size() && peers.get(i).seenBefore(expiredBefore.getEpochSecond(), expiredBefore.getNano())) {
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

    /**
     * Up to {@code numwant} live others; no seeders for a seeder unless {@code seedersToo} (its first announce).
     * On every announce's path: it walks from a random place without allocating per entry, and tests what the
     * entry holds itself (seeder flag, time, address, port, id hash) before what costs a pointer chase (the peer id).
     */
    List<PeerRecord> sample(PeerRecord self, boolean seedersToo, Instant expiredBefore, int numwant) {
        int n = peers.size();
        if (n <= 1 || numwant <= 0) return List.of();
        boolean skipSeeders = self.seeder() && !seedersToo;
        if (skipSeeders && seeders >= n) return List.of();
        int room = Math.min(numwant, skipSeeders ? n - seeders : n - 1);
        PeerRecord[] out = new PeerRecord[room];
        int found = 0;
        long cutoffSecond = expiredBefore.getEpochSecond();
        int cutoffNano = expiredBefore.getNano();
        int start = ThreadLocalRandom.current().nextInt(n);
        for (int i = 0, at = start; i < n && found < room; i++, at = at + 1 == n ? 0 : at + 1) {
            PeerRecord p = peers.get(at);
            if (skipSeeders && p.seeder()) continue;
            if (p.seenBefore(cutoffSecond, cutoffNano)) continue;
            if (p.sameEndpoint(self)) continue; // itself
            if (p.sameId(self)) continue; // itself at its other address (the id hashes, in the records, differ for others)
            out[found++] = p;
        }
        return found == room ? Arrays.asList(out) : Arrays.asList(Arrays.copyOf(out, found));
    }

    /** A peer id on IPv4 or on IPv6, compared by content. */
    private record IdAndFamily(byte[] id, boolean v6) {
        static IdAndFamily of(PeerRecord p) {
            return new IdAndFamily(p.sharedPeerId(), p.ipv6());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdAndFamily k && v6 == k.v6 && Arrays.equals(id, k.id);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id) * 2 + (v6 ? 1 : 0);
        }
    }
}
