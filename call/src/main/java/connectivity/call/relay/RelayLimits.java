package connectivity.call.relay;

import java.time.Duration;

/**
 * What one relay grants: bytes per call in each direction, call length, concurrent sessions in all
 * and per user, and how long a first joiner waits for its partner.
 */
public record RelayLimits(long maxBytes, Duration maxDuration, int maxSessions, int maxSessionsPerUser,
        Duration pairTimeout) {
    public static RelayLimits defaults() {
        return new RelayLimits(1L << 30, Duration.ofHours(1), 1000, 4, Duration.ofSeconds(20));
    }
}
