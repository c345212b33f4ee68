package connectivity.torrent.daemon;

import java.util.concurrent.atomic.AtomicInteger;

/** How far a torrent's running hash check is (Transmission's {@code recheckProgress}); hashing threads count into it. */
final class CheckProgress {
    private final AtomicInteger checked = new AtomicInteger();
    private volatile int toCheck;

    /** A check of {@code pieces} begins. */
    void begin(int pieces) {
        checked.set(0);
        toCheck = pieces;
    }

    void one() {
        checked.incrementAndGet();
    }

    /** 0 to 1. */
    double fraction() {
        int n = toCheck;
        return n <= 0 ? 0 : Math.min(1.0, checked.get() / (double) n);
    }
}
