package connectivity.call.relay;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Spent tokens in a map; expired entries are dropped since an expired token fails anyway. */
public final class InMemoryUsedTokens implements UsedTokens {
    private final Map<String, Instant> used = new HashMap<>();
    private final Clock clock;

    public InMemoryUsedTokens(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized boolean markUsed(String nonce, Instant expires) {
        Instant now = clock.instant();
        used.values().removeIf(e -> e.isBefore(now));
        return used.putIfAbsent(nonce, expires) == null;
    }

    public synchronized int size() {
        return used.size();
    }
}
