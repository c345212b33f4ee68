package connectivity.torrent.tracker;

import connectivity.torrent.meta.InfoHash;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the tracker keeps its swarms. Each operation is atomic for its swarm, so a shared store can
 * implement it as one round trip. Peers last seen before {@code expiredBefore} count as gone.
 */
public interface SwarmStore {
    /**
     * Records {@code peer} (replacing the entry with the same address and port, whatever its peer id) or, for
     * {@link AnnounceEvent#STOPPED}, removes the entry at that address and port; an announce from elsewhere never
     * changes or removes another's entry, whatever peer id it gives, unless it carries the same peer id and
     * {@code key} as that entry on the same address family (the peer moved: its old entry goes); counts a completed download; and returns the swarm as this peer should see it: up to
     * {@code numwant} other live peers of the {@code families} asked for, chosen at random, with no seeders for a seeder except on its
     * {@code started} announce: a magnet client says {@code left=0} before it knows the size (aria2c does) and
     * needs the seeders then; opentracker answers it with them too. A peer or swarm it
     * does not know yet is refused (and nothing changes) when that would pass one of {@code limits}.
     */
    AnnounceOutcome announce(InfoHash hash, PeerRecord peer, AnnounceEvent event, Instant expiredBefore, int numwant,
            Families families, TrackerLimits limits);

    /** Which address families an announce wants peers of: a UDP reply carries the sender's only (BEP 15), HTTP's both. */
    enum Families {
        IPV4,
        IPV6,
        BOTH;

        public boolean allows(boolean ipv6) {
            return this == BOTH || (this == IPV6) == ipv6;
        }

        /** The one family of {@code peer}'s address. */
        public static Families of(PeerRecord peer) {
            return peer.ipv6() ? IPV6 : IPV4;
        }
    }

    /** Counts for one swarm; zeros for a swarm the store does not know. */
    SwarmStats stats(InfoHash hash, Instant expiredBefore);

    /**
     * Drops expired peers and swarms without peers (a swarm with completed downloads counted is kept until
     * nobody has announced to it since {@code expiredBefore}); returns how many peers were dropped.
     */
    int purge(Instant expiredBefore);

    /** Counts of a swarm: seeders, leechers, and completed downloads ever reported. */
    record SwarmStats(int complete, int incomplete, long downloaded) {
        public static final SwarmStats EMPTY = new SwarmStats(0, 0, 0);
    }

    /** The result of an announce: the swarm's counts after it and the peers to hand back, or the limit it hit. */
    record AnnounceOutcome(SwarmStats stats, PeerSample peers, Optional<TrackerLimits.Full> full) {
        public AnnounceOutcome {
            Objects.requireNonNull(stats);
            Objects.requireNonNull(peers);
            Objects.requireNonNull(full);
        }

        public AnnounceOutcome(SwarmStats stats, PeerSample peers) {
            this(stats, peers, Optional.empty());
        }

        public static AnnounceOutcome refused(TrackerLimits.Full full) {
            return new AnnounceOutcome(SwarmStats.EMPTY, PeerSample.NONE, Optional.of(full));
        }
    }
}
