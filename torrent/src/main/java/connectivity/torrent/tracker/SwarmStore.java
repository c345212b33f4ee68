package connectivity.torrent.tracker;

import connectivity.torrent.meta.InfoHash;
import java.time.Instant;
import java.util.List;

/**
 * Where the tracker keeps its swarms. Each operation is atomic for its swarm, so a shared store can
 * implement it as one round trip. Peers last seen before {@code expiredBefore} count as gone.
 */
public interface SwarmStore {
    /**
     * Records {@code peer} (replacing the entry with the same address and port, whatever its peer id) or, for
     * {@link AnnounceEvent#STOPPED}, removes the entry at that address and port; an announce from elsewhere never
     * changes or removes another's entry, whatever peer id it gives; counts a completed download; and returns the swarm as this peer should see it: up to
     * {@code numwant} other live peers, no seeders if the peer is a seeder, chosen at random.
     */
    AnnounceOutcome announce(InfoHash hash, PeerRecord peer, AnnounceEvent event, Instant expiredBefore, int numwant);

    /** Counts for one swarm; zeros for a swarm the store does not know. */
    SwarmStats stats(InfoHash hash, Instant expiredBefore);

    /** Drops expired peers and empty swarms; returns how many peers were dropped. */
    int purge(Instant expiredBefore);

    /** Counts of a swarm: seeders, leechers, and completed downloads ever reported. */
    record SwarmStats(int complete, int incomplete, long downloaded) {
        public static final SwarmStats EMPTY = new SwarmStats(0, 0, 0);
    }

    /** The result of an announce: the swarm's counts after it and the peers to hand back. */
    record AnnounceOutcome(SwarmStats stats, List<PeerRecord> peers) {
        public AnnounceOutcome {
            peers = List.copyOf(peers);
        }
    }
}
