package connectivity.torrent.tracker;

/**
 * What the tracker holds at most, so announces for made-up info-hashes or ports cannot grow it until it runs out
 * of memory. Past a limit an announce for something new gets a {@code failure reason}; peers already known
 * keep re-announcing, and expired peers and swarms make room again.
 *
 * @param maxSwarms swarms (info-hashes) held at once
 * @param maxPeersPerSwarm peers (address and port) in one swarm
 * @param maxPeers peers in all swarms together, the bound on memory
 *
 * <p>Measured on JDK 25 (InMemorySwarmStore filled directly): about 360 bytes a peer and 460 a swarm, so the
 * defaults hold the store under about 230 MB. opentracker sets no such caps; it keys a peer by its 6 or 18 bytes of
 * address and port and stores little more, which a Java heap cannot match, so we cap instead.
 */
public record TrackerLimits(int maxSwarms, int maxPeersPerSwarm, int maxPeers) {
    public static final int DEFAULT_MAX_SWARMS = 100_000;
    public static final int DEFAULT_MAX_PEERS_PER_SWARM = 10_000;
    public static final int DEFAULT_MAX_PEERS = 500_000;

    public static final TrackerLimits DEFAULTS = new TrackerLimits(DEFAULT_MAX_SWARMS, DEFAULT_MAX_PEERS_PER_SWARM, DEFAULT_MAX_PEERS);

    public TrackerLimits {
        if (maxSwarms < 1 || maxPeersPerSwarm < 1 || maxPeers < 1) throw new IllegalArgumentException("tracker limits must be positive");
    }

    /** Which limit an announce ran into. */
    public enum Full {
        SWARMS,
        PEERS_IN_SWARM,
        PEERS;

        /** The failure reason a client sees. */
        public String reason(TrackerLimits limits) {
            return switch (this) {
                case SWARMS -> "tracker is full (" + limits.maxSwarms() + " swarms)";
                case PEERS_IN_SWARM -> "swarm is full (" + limits.maxPeersPerSwarm() + " peers)";
                case PEERS -> "tracker is full (" + limits.maxPeers() + " peers)";
            };
        }
    }
}
