package connectivity.torrent.tracker;

import connectivity.torrent.meta.InfoHash;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Swarms in this process's memory; one lock per swarm, and counts of swarms and peers for the limits. */
public final class InMemorySwarmStore implements SwarmStore {
    private final ConcurrentHashMap<InfoHash, SwarmPeers> swarms = new ConcurrentHashMap<>();
    /** Exact counts for the limits (a ConcurrentHashMap's size is an estimate while it changes). */
    private final AtomicInteger swarmCount = new AtomicInteger();
    private final AtomicInteger peerCount = new AtomicInteger();
    private final FullSweep fullSweep = new FullSweep();

    @Override
    public AnnounceOutcome announce(InfoHash hash, PeerRecord peer, AnnounceEvent event, Instant expiredBefore, int numwant,
            Families families, TrackerLimits limits) {
        return fullSweep.announce(() -> tryAnnounce(hash, peer, event, expiredBefore, numwant, families, limits), expiredBefore, this,
                swarmCount::get);
    }

    private AnnounceOutcome tryAnnounce(InfoHash hash, PeerRecord peer, AnnounceEvent event, Instant expiredBefore, int numwant,
            Families families, TrackerLimits limits) {
        while (true) {
            SwarmPeers swarm = swarms.get(hash);
            if (swarm == null) {
                if (event == AnnounceEvent.STOPPED) return new AnnounceOutcome(SwarmStats.EMPTY, PeerSample.NONE);
                swarm = create(hash, limits);
                if (swarm == null) return AnnounceOutcome.refused(TrackerLimits.Full.SWARMS);
            }
            synchronized (swarm) {
                if (swarm.dead) continue; // purged between lookup and lock: look again
                peerCount.addAndGet(-swarm.sweepIfDue(expiredBefore));
                int at = swarm.find(peer); // once: the lookup is the one cache miss of a re-announce
                if (at < 0) dropEntryLeftBehind(swarm, peer);
                if (event == AnnounceEvent.STOPPED) {
                    if (at >= 0 && swarm.remove(peer)) peerCount.decrementAndGet();
                    SwarmStats stats = swarm.stats();
                    forgetIfEmpty(hash, swarm, expiredBefore);
                    return new AnnounceOutcome(stats, PeerSample.NONE);
                }
                Optional<TrackerLimits.Full> full = at >= 0 ? Optional.empty() : roomForNew(swarm, limits);
                if (full.isPresent()) {
                    forgetIfEmpty(hash, swarm, expiredBefore);
                    return AnnounceOutcome.refused(full.get());
                }
                at = swarm.put(peer, at);
                swarm.lastAnnounce = peer.lastSeen();
                if (event == AnnounceEvent.COMPLETED) swarm.downloaded++;
                return new AnnounceOutcome(swarm.stats(), swarm.sample(peer, at, event == AnnounceEvent.STARTED, expiredBefore, numwant, families));
            }
        }
    }

    /** A peer new at its endpoint that proves with its key that it moved takes its old entry along (or away, if it stops). */
    private void dropEntryLeftBehind(SwarmPeers swarm, PeerRecord peer) {
        Optional<PeerRecord> old = swarm.movedFrom(peer);
        if (old.isPresent() && swarm.remove(old.get())) peerCount.decrementAndGet();
    }

    /** Reserves a place in the counts for a peer new to {@code swarm}, or says which limit it would pass. */
    private Optional<TrackerLimits.Full> roomForNew(SwarmPeers swarm, TrackerLimits limits) {
        if (swarm.size() >= limits.maxPeersPerSwarm()) return Optional.of(TrackerLimits.Full.PEERS_IN_SWARM);
        if (peerCount.incrementAndGet() > limits.maxPeers()) {
            peerCount.decrementAndGet();
            return Optional.of(TrackerLimits.Full.PEERS);
        }
        return Optional.empty();
    }

    /** A new swarm in the map, the one another thread just made, or null when the store holds all it may. */
    private SwarmPeers create(InfoHash hash, TrackerLimits limits) {
        if (swarmCount.incrementAndGet() > limits.maxSwarms()) {
            swarmCount.decrementAndGet();
            return swarms.get(hash);
        }
        SwarmPeers fresh = new SwarmPeers();
        SwarmPeers prior = swarms.putIfAbsent(hash, fresh);
        if (prior == null) return fresh;
        swarmCount.decrementAndGet();
        return prior;
    }

    /** Called with the swarm's lock held. */
    private void forgetIfEmpty(InfoHash hash, SwarmPeers swarm, Instant expiredBefore) {
        if (!swarm.forgettable(expiredBefore)) return;
        swarm.dead = true;
        if (swarms.remove(hash, swarm)) swarmCount.decrementAndGet();
    }

    @Override
    public SwarmStats stats(InfoHash hash, Instant expiredBefore) {
        SwarmPeers swarm = swarms.get(hash);
        if (swarm == null) return SwarmStats.EMPTY;
        synchronized (swarm) {
            peerCount.addAndGet(-swarm.sweepIfDue(expiredBefore));
            return swarm.stats();
        }
    }

    @Override
    public int purge(Instant expiredBefore) {
        int dropped = 0;
        for (Map.Entry<InfoHash, SwarmPeers> e : swarms.entrySet()) {
            SwarmPeers swarm = e.getValue();
            synchronized (swarm) {
                int n = swarm.sweep(expiredBefore);
                peerCount.addAndGet(-n);
                dropped += n;
                forgetIfEmpty(e.getKey(), swarm, expiredBefore);
            }
        }
        return dropped;
    }

    /** Number of swarms held, for tests and status. */
    public int swarmCount() {
        return swarmCount.get();
    }

    /** Number of peers held in all swarms, for tests and status. */
    public int peerCount() {
        return peerCount.get();
    }
}
