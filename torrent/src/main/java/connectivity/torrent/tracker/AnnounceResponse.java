package connectivity.torrent.tracker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A tracker's answer to an announce.
 *
 * @param trackerUrl which tracker answered
 * @param warning the tracker's {@code warning message}, if any
 */
public record AnnounceResponse(String trackerUrl, Duration interval, Optional<Duration> minInterval,
        OptionalLong complete, OptionalLong incomplete, List<TrackerPeer> peers, Optional<String> warning) {
    public AnnounceResponse {
        peers = List.copyOf(peers);
    }
}
