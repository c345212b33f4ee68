package connectivity.torrent.tracker;

import connectivity.torrent.meta.InfoHash;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the tracker answers.
 *
 * @param interval how often clients should re-announce
 * @param minInterval how often they may at most
 * @param expiry how long a peer that stopped announcing is still handed out (about two intervals)
 * @param defaultNumwant peers returned when the client does not say
 * @param maxNumwant the most peers returned whatever the client asks
 * @param allowList if present, only these info-hashes are served
 * @param limits how many swarms and peers the tracker holds at most
 */
public record TrackerConfig(Duration interval, Duration minInterval, Duration expiry, int defaultNumwant, int maxNumwant,
        Optional<Set<InfoHash>> allowList, TrackerLimits limits) {
    public TrackerConfig {
        Objects.requireNonNull(interval);
        Objects.requireNonNull(minInterval);
        Objects.requireNonNull(expiry);
        if (interval.toSeconds() < 1) throw new IllegalArgumentException("interval must be at least 1 s");
        if (defaultNumwant < 0 || maxNumwant < defaultNumwant) throw new IllegalArgumentException("bad numwant limits");
        allowList = allowList.map(Set::copyOf);
        Objects.requireNonNull(limits);
    }

    /**
     * Defaults for an interval: min interval half of it, expiry after two intervals, 50 peers (at most 200),
     * {@link TrackerLimits#DEFAULTS}.
     */
    public static TrackerConfig withInterval(Duration interval) {
        return new TrackerConfig(interval, interval.dividedBy(2), interval.multipliedBy(2), 50, 200, Optional.empty(), TrackerLimits.DEFAULTS);
    }

    public TrackerConfig withAllowList(Set<InfoHash> allowed) {
        return new TrackerConfig(interval, minInterval, expiry, defaultNumwant, maxNumwant, Optional.of(allowed), limits);
    }

    public TrackerConfig withLimits(TrackerLimits limits) {
        return new TrackerConfig(interval, minInterval, expiry, defaultNumwant, maxNumwant, allowList, limits);
    }

    public boolean allows(InfoHash hash) {
        return allowList.map(s -> s.contains(hash)).orElse(true);
    }
}
