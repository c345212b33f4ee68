package connectivity.torrent.swarm;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Monotonic nanoseconds that tests move by hand, so timeouts are tested without sleeping. */
final class ManualClock implements LongSupplier {
    private volatile long now = 1_000_000_000L;

    void advance(Duration d) {
        now += d.toNanos();
    }

    @Override
    public long getAsLong() {
        return now;
    }
}
