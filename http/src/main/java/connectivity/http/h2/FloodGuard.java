package connectivity.http.h2;

import java.util.function.LongSupplier;

/**
 * Counts frames that cost us work but give the peer nothing we must answer with content: resets
 * (the 2023 "rapid reset" attack opens and cancels streams at once), control frames (SETTINGS, PING,
 * PRIORITY) and empty frames. Over a cap within one interval the connection is ended with
 * ENHANCE_YOUR_CALM. Pure logic on an injected clock.
 */
final class FloodGuard {
    enum Kind { RESET, CONTROL, EMPTY }

    private final LongSupplier nanos;
    private final long windowNanos;
    private final int[] caps;
    private final int[] counts = new int[Kind.values().length];
    private long windowStart;

    FloodGuard(LongSupplier nanos, long windowNanos, int maxResets, int maxControl, int maxEmpty) {
        this.nanos = nanos;
        this.windowNanos = windowNanos;
        this.caps = new int[] {maxResets, maxControl, maxEmpty};
        this.windowStart = nanos.getAsLong();
    }

    static FloodGuard of(H2Config c) {
        return new FloodGuard(System::nanoTime, c.floodWindow().toNanos(), c.maxResetsPerWindow(), c.maxControlPerWindow(),
                c.maxEmptyPerWindow());
    }

    /** Counts one frame; false when that takes its kind over the cap of the current interval. */
    boolean allow(Kind kind) {
        long now = nanos.getAsLong();
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            java.util.Arrays.fill(counts, 0);
        }
        return ++counts[kind.ordinal()] <= caps[kind.ordinal()];
    }
}
