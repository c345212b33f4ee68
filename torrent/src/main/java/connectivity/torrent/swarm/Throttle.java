package connectivity.torrent.swarm;

import connectivity.net.support.Interrupted;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket for one direction (bytes per second, 0 for no limit), optionally under a parent: a daemon's global
 * limit is one throttle that every torrent's own throttle hangs under, so a byte passes only when its torrent's bucket
 * and then the global one let it. The global bucket is shared, not split: an idle torrent takes nothing from it, so a
 * busy one gets all of it. The rate can change at any time ({@link #rate(long)}); waiters see the new rate at once.
 */
public final class Throttle {
    /** Time and waiting, so that tests drive a throttle with a manual clock (no sleeps). */
    public interface Clock {
        long nanoTime();

        /** Waits up to {@code nanos} on {@code c} (its lock held), or less when signalled. */
        void await(Condition c, long nanos) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            public long nanoTime() {
                return System.nanoTime();
            }

            public void await(Condition c, long nanos) throws InterruptedException {
                c.awaitNanos(nanos);
            }
        };
    }

    /** The most a bucket holds: a quarter second of its rate, so an idle spell does not bank unlimited credit. */
    static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /** The bucket above this one (a daemon's global limit), or null. */
    private volatile Throttle parent;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile long bytesPerSecond;
    /** Bytes that may go now; negative when a caller took more than there was (the next ones wait it off). */
    private double tokens;
    private long refilledAt;

    public Throttle(long bytesPerSecond) {
        this(bytesPerSecond, Clock.SYSTEM);
    }

    public Throttle(long bytesPerSecond, Clock clock) {
        this.clock = clock;
        this.bytesPerSecond = Math.max(0, bytesPerSecond);
        this.refilledAt = clock.nanoTime();
        this.tokens = capacity(this.bytesPerSecond);
    }

    /**
     * Hangs this throttle under {@code parent} (null: under none), e.g. a torrent's under the daemon's global one;
     * set before bytes flow (a swarm's throttles are made with the swarm, the daemon's before it starts).
     */
    public Throttle under(Throttle parent) {
        for (Throttle t = parent; t != null; t = t.parent) {
            if (t == this) throw new IllegalArgumentException("a throttle cannot be under itself");
        }
        this.parent = parent;
        return this;
    }

    public long rate() {
        return bytesPerSecond;
    }

    /** Changes the limit now (0: none); callers waiting under the old one wake and wait by the new one. */
    public void rate(long bytesPerSecond) {
        lock.lock();
        try {
            refill(clock.nanoTime());
            long r = Math.max(0, bytesPerSecond);
            this.bytesPerSecond = r;
            tokens = Math.min(tokens, capacity(r));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether this throttle or one above it limits anything. */
    public boolean limited() {
        for (Throttle t = this; t != null; t = t.parent) if (t.bytesPerSecond > 0) return true;
        return false;
    }

    /**
     * Waits until {@code bytes} may go: first by this bucket, then by each above it (so the shared bucket is drawn on
     * only when this torrent's own limit lets the bytes go). Returns whether any level limits (false: nothing waited).
     */
    public boolean acquire(int bytes) throws InterruptedException {
        boolean limited = false;
        for (Throttle t = this; t != null; t = t.parent) limited |= t.take(bytes);
        return limited;
    }

    /** {@link #acquire} for I/O paths: an interrupt becomes an {@link IOException}. */
    boolean acquireIo(int bytes) throws IOException {
        try {
            return acquire(bytes);
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        }
    }

    private boolean take(int bytes) throws InterruptedException {
        if (bytesPerSecond == 0) return false; // the common case: no lock at all
        lock.lock();
        try {
            while (true) {
                long r = bytesPerSecond;
                if (r == 0) return false;
                long now = clock.nanoTime();
                refill(now);
                // Debt, not exactness: the caller goes as soon as the bucket is not empty, and those after it wait
                // until its overdraft is paid off; a block bigger than the whole bucket still gets through.
                if (tokens > 0) {
                    tokens -= bytes;
                    return true;
                }
                long wait = (long) Math.ceil(-tokens * 1e9 / r);
                clock.await(changed, Math.max(1, wait));
            }
        } finally {
            lock.unlock();
        }
    }

    private void refill(long now) {
        long r = bytesPerSecond;
        long elapsed = now - refilledAt;
        refilledAt = now;
        if (r == 0 || elapsed <= 0) return;
        tokens = Math.min(capacity(r), tokens + elapsed * (double) r / 1e9);
    }

    private static double capacity(long rate) {
        return rate * (double) BURST_NANOS / 1e9;
    }
}
