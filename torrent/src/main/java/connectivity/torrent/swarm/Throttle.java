package connectivity.torrent.swarm;

/** A token bucket that makes callers wait so that, together, they move at most {@code bytesPerSecond}. */
final class Throttle {
    private final double bytesPerSecond;
    private long nextFreeNanos = System.nanoTime();

    Throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    void acquire(int bytes) throws InterruptedException {
        long wakeAt;
        synchronized (this) {
            long now = System.nanoTime();
            // Allow a burst of at most a quarter second so a slow start does not bank unlimited credit.
            nextFreeNanos = Math.max(nextFreeNanos, now - 250_000_000L);
            nextFreeNanos += (long) (bytes * 1e9 / bytesPerSecond);
            wakeAt = nextFreeNanos;
        }
        long wait = wakeAt - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
}
