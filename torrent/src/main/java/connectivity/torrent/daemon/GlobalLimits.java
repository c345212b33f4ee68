package connectivity.torrent.daemon;

import connectivity.torrent.swarm.Throttle;

/**
 * The daemon's global rate limits: one bucket per direction that every running torrent's own throttle hangs under,
 * so the global rate is shared by whoever is busy (an idle torrent's share goes to the busy one) and each torrent's
 * own limit applies on top. Changed live by {@code session-set}.
 */
record GlobalLimits(Throttle down, Throttle up) {
    static GlobalLimits of(Settings s) {
        return new GlobalLimits(new Throttle(s.downloadLimit()), new Throttle(s.uploadLimit()));
    }

    void apply(Settings s) {
        down.rate(s.downloadLimit());
        up.rate(s.uploadLimit());
    }
}
