package connectivity.torrent.tracker;

import connectivity.torrent.meta.InfoHash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Swarms in this process's memory; one lock per swarm. */
public final class InMemorySwarmStore implements SwarmStore {
    /** A swarm sweeps out its expired peers when the expiry cutoff has moved on by this much. */
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    private final ConcurrentHashMap<InfoHash, Swarm> swarms = new ConcurrentHashMap<>();

    @Override
    public AnnounceOutcome announce(InfoHash hash, PeerRecord peer, AnnounceEvent event, Instant expiredBefore, int numwant) {
        while (true) {
            Swarm swarm = event == AnnounceEvent.STOPPED ? swarms.get(hash) : swarms.computeIfAbsent(hash, h -> new Swarm());
            if (swarm == null) return new AnnounceOutcome(SwarmStats.EMPTY, List.of());
            synchronized (swarm) {
                if (swarm.dead) continue; // purged between lookup and lock: look again
                swarm.sweepIfDue(expiredBefore);
                if (event == AnnounceEvent.STOPPED) {
                    swarm.remove(peer.endpoint());
                    return new AnnounceOutcome(swarm.stats(), List.of());
                }
                swarm.put(peer);
                if (event == AnnounceEvent.COMPLETED) swarm.downloaded++;
                return new AnnounceOutcome(swarm.stats(), swarm.sample(peer, expiredBefore, numwant));
            }
        }
    }

    @Override
    public SwarmStats stats(InfoHash hash, Instant expiredBefore) {
        Swarm swarm = swarms.get(hash);
        if (swarm == null) return SwarmStats.EMPTY;
        synchronized (swarm) {
            swarm.sweepIfDue(expiredBefore);
            return swarm.stats();
        }
    }

    @Override
    public int purge(Instant expiredBefore) {
        int dropped = 0;
        for (Map.Entry<InfoHash, Swarm> e : swarms.entrySet()) {
            Swarm swarm = e.getValue();
            synchronized (swarm) {
                dropped += swarm.sweep(expiredBefore);
                if (swarm.peers.isEmpty() && swarm.downloaded == 0) {
                    swarm.dead = true;
                    swarms.remove(e.getKey(), swarm);
                }
            }
        }
        return dropped;
    }

    /** Number of swarms held, for tests and status. */
    public int swarmCount() {
        return swarms.size();
    }

    /** Peers in a list for O(1) random access, with an index by endpoint for O(1) update and swap-remove. */
    private static final class Swarm {
        final List<PeerRecord> peers = new ArrayList<>();
        final Map<PeerRecord.Endpoint, Integer> index = new HashMap<>();
        int seeders;
        long downloaded;
        boolean dead;
        Instant lastSweep = Instant.MIN;

        void put(PeerRecord peer) {
            PeerRecord.Endpoint key = peer.endpoint();
            Integer at = index.get(key);
            if (at == null) {
                index.put(key, peers.size());
                peers.add(peer);
            } else {
                if (peers.get(at).seeder()) seeders--;
                peers.set(at, peer);
            }
            if (peer.seeder()) seeders++;
        }

        void remove(PeerRecord.Endpoint key) {
            Integer at = index.remove(key);
            if (at == null) return;
            PeerRecord gone = peers.get(at);
            if (gone.seeder()) seeders--;
            PeerRecord last = peers.remove(peers.size() - 1);
            if (at < peers.size()) {
                peers.set(at, last);
                index.put(last.endpoint(), at);
            }
        }

        void sweepIfDue(Instant expiredBefore) {
            if (lastSweep.equals(Instant.MIN) || Duration.between(lastSweep, expiredBefore).compareTo(SWEEP_EVERY) >= 0) sweep(expiredBefore);
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

        SwarmStats stats() {
            return new SwarmStats(seeders, peers.size() - seeders, downloaded);
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
}
