package connectivity.torrent.swarm;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes per second, smoothed: counts as bytes move, folds the count into a moving average on each tick. */
final class RateMeter {
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private volatile double rate;

    void add(long bytes) {
        pending.addAndGet(bytes);
        total.addAndGet(bytes);
    }

    void tick(double seconds) {
        double now = pending.getAndSet(0) / Math.max(seconds, 1e-3);
        rate = rate == 0 ? now : 0.5 * rate + 0.5 * now;
    }

    double rate() {
        return rate;
    }

    long total() {
        return total.get();
    }
}
