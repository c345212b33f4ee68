package connectivity.torrent.dht;

import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Queries accepted per source IP: a token bucket of {@code burst} refilled at {@code perSecond}. The table of
 * sources is bounded ({@code maxSources}, least recently seen forgotten first), so many addresses cost no
 * more memory than a few.
 */
public final class RateLimiter {
    private record Bucket(double tokens, long atNanos) {}

    private final Clock clock;
    private final double perSecond;
    private final double burst;
    private final Map<InetAddress, Bucket> sources;

    public RateLimiter(Clock clock, double perSecond, double burst, int maxSources) {
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
        this.sources = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
                return size() > maxSources;
            }
        };
    }

    public synchronized boolean allow(InetAddress source) {
        long now = clock.millis() * 1_000_000L;
        Bucket b = sources.get(source);
        // A wall clock set back must not drain every bucket until it catches up: time going backwards adds nothing.
        double tokens = b == null ? burst : Math.min(burst, b.tokens + Math.max(0, now - b.atNanos) / 1e9 * perSecond);
        boolean ok = tokens >= 1;
        sources.put(source, new Bucket(ok ? tokens - 1 : tokens, now));
        return ok;
    }
}
