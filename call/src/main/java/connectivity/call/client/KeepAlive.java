package connectivity.call.client;

import connectivity.call.wire.InCallMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The in-call keep-alive: both sides PING at the shorter of their two intervals, so two intervals
 * without a byte means the peer's host is gone (no FIN, no RST). The PING carries our interval.
 */
final class KeepAlive {
    static final long MIN_PING_MS = 100;

    private final Call call;
    private final Duration ours;
    private final AtomicLong received = new AtomicLong();
    /** Our interval, or the peer's if shorter. */
    private volatile Duration every;
    private volatile Thread pinger;

    KeepAlive(Call call, Duration ours) {
        this.call = call;
        this.ours = ours;
        this.every = ours;
    }

    void start() {
        pinger = Thread.ofVirtual().name("call-ping-" + call.id()).start(this::pingLoop);
    }

    Duration interval() {
        return every;
    }

    long received() {
        return received.get();
    }

    /** How long the peer may be silent before the call is given up. */
    Duration silenceLimit() {
        return every.multipliedBy(2);
    }

    /** A PING from the peer: count it and settle on the shorter interval. */
    void onPing(long peerMs) throws IOException {
        received.incrementAndGet();
        // A floor keeps a misconfigured peer from making us flood the path with pings.
        Duration theirs = Duration.ofMillis(Math.max(peerMs, MIN_PING_MS));
        if (theirs.compareTo(every) >= 0) return;
        every = theirs;
        call.silenceLimitChanged();
        wake();
    }

    /** Wakes the pinger early: the interval shrank or the call ended. */
    void wake() {
        Thread p = pinger;
        if (p != null) LockSupport.unpark(p);
    }

    /** Sends a PING at once and then every {@link #every} until the call ends. */
    private void pingLoop() {
        long last = System.nanoTime();
        boolean first = true;
        while (!call.isEnded() && !call.hangingUp()) {
            long wait = last + every.toNanos() - System.nanoTime();
            if (!first && wait > 0) {
                LockSupport.parkNanos(this, wait); // a timer: woken early when the interval shrinks or the call ends
                continue;
            }
            call.ping(new InCallMessage.Ping(ours.toMillis())); // a broken link is its reader's to notice
            last = System.nanoTime();
            first = false;
        }
    }
}
