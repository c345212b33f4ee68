package connectivity.call.relay;

import java.time.Duration;

/**
 * What one relay grants: bytes per call in each direction, call length, concurrent sessions in all
 * and per user, how long a first joiner waits for its partner, and how long one write to a side may
 * block before the relay decides that side stopped reading and ends the call.
 */
public record RelayLimits(long maxBytes, Duration maxDuration, int maxSessions, int maxSessionsPerUser,
        Duration pairTimeout, Duration writeTimeout) {
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(20);

    public RelayLimits(long maxBytes, Duration maxDuration, int maxSessions, int maxSessionsPerUser, Duration pairTimeout) {
        this(maxBytes, maxDuration, maxSessions, maxSessionsPerUser, pairTimeout, DEFAULT_WRITE_TIMEOUT);
    }

    public static RelayLimits defaults() {
        return new RelayLimits(1L << 30, Duration.ofHours(1), 1000, 4, Duration.ofSeconds(20));
    }
}
