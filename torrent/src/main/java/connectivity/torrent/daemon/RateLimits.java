package connectivity.torrent.daemon;

/**
 * A torrent's rate limit from the global one and its own (bytes per second, 0 for none): the global limit is
 * shared evenly by the running torrents (each swarm has its own throttle), and the torrent's own applies if lower.
 */
final class RateLimits {
    private RateLimits() {}

    static long combine(long global, long runningTorrents, long own) {
        long share = global <= 0 ? 0 : Math.max(1024, global / Math.max(1, runningTorrents));
        if (share == 0) return Math.max(0, own);
        if (own <= 0) return share;
        return Math.min(share, own);
    }
}
