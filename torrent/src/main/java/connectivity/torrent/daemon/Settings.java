package connectivity.torrent.daemon;

/**
 * The daemon's settings that the RPC can change ({@code session-set}) and that are saved with its state.
 * Rates are bytes per second, 0 for no limit.
 *
 * @param downloadLimit over all torrents (one bucket they all draw from; see {@link connectivity.torrent.swarm.Throttle})
 * @param uploadLimit over all torrents
 * @param queueSize most torrents downloading at once (the rest wait, {@code queued})
 * @param startAdded whether a torrent added without "paused" starts at once
 * @param dht whether the daemon runs its DHT node (Transmission's {@code dht-enabled})
 */
public record Settings(long downloadLimit, long uploadLimit, int queueSize, boolean startAdded, boolean dht) {
    public static Settings defaults() {
        return new Settings(0, 0, 5, true, true);
    }

    public Settings withLimits(long down, long up) {
        return new Settings(down, up, queueSize, startAdded, dht);
    }

    public Settings withQueueSize(int n) {
        return new Settings(downloadLimit, uploadLimit, Math.max(1, n), startAdded, dht);
    }

    public Settings withStartAdded(boolean b) {
        return new Settings(downloadLimit, uploadLimit, queueSize, b, dht);
    }

    public Settings withDht(boolean on) {
        return new Settings(downloadLimit, uploadLimit, queueSize, startAdded, on);
    }
}
