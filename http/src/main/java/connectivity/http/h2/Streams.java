package connectivity.http.h2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's streams and send windows under one lock: the reader thread opens, ends and resets
 * streams and applies WINDOW_UPDATE and SETTINGS; stream threads take send window (waiting, bounded,
 * for it to open) and give back what their handlers read.
 */
final class Streams {
    static final int DEFAULT_WINDOW = 65_535;
    private static final long MAX_WINDOW = Integer.MAX_VALUE;
    /** Streams we reset whose frames in flight are dropped quietly rather than treated as errors. */
    private static final int RESET_MEMORY = 256;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition windowOpened = lock.newCondition();
    private final Map<Integer, H2Stream> open = new HashMap<>();
    private final LinkedHashSet<Integer> recentlyReset = new LinkedHashSet<>();
    private final int maxConcurrent;
    private final long timeoutNanos;
    private int slots;
    private long sendWindow = DEFAULT_WINDOW;
    private long peerInitialWindow = DEFAULT_WINDOW;
    private boolean closed;

    Streams(int maxConcurrent, long timeoutNanos) {
        this.maxConcurrent = maxConcurrent;
        this.timeoutNanos = timeoutNanos;
    }

    H2Stream get(int id) {
        lock.lock();
        try {
            return open.get(id);
        } finally {
            lock.unlock();
        }
    }

    boolean recentlyReset(int id) {
        lock.lock();
        try {
            return recentlyReset.contains(id);
        } finally {
            lock.unlock();
        }
    }

    /** A new stream; REFUSED_STREAM when the streams still holding a slot are at the limit. */
    H2Stream open(int id, long recvWindow, StreamBody body, boolean remoteEnded) throws H2Exception {
        lock.lock();
        try {
            if (slots >= maxConcurrent) throw H2Exception.stream(id, ErrorCode.REFUSED_STREAM, "over " + maxConcurrent + " streams");
            H2Stream s = new H2Stream(id, peerInitialWindow, recvWindow, body, remoteEnded);
            open.put(id, s);
            slots++;
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a stream as reset (by either side); returns it, or null if it was not open. */
    H2Stream forget(int id) {
        lock.lock();
        try {
            H2Stream s = open.remove(id);
            if (s != null) {
                s.reset = true;
                s.state = H2Stream.State.CLOSED;
                sendWindow += s.reserved; // set aside for a response that will not go out now
                s.reserved = 0;
            }
            recentlyReset.add(id);
            if (recentlyReset.size() > RESET_MEMORY) recentlyReset.remove(recentlyReset.iterator().next());
            windowOpened.signalAll();
            return s;
        } finally {
            lock.unlock();
        }
    }

    void localEnded(H2Stream s) {
        lock.lock();
        try {
            if (s.localEnded()) open.remove(s.id);
        } finally {
            lock.unlock();
        }
    }

    void remoteEnded(H2Stream s) {
        lock.lock();
        try {
            if (s.remoteEnded()) open.remove(s.id);
        } finally {
            lock.unlock();
        }
    }

    /** True if this call gave the stream's slot back. */
    boolean releaseSlot(H2Stream s) {
        lock.lock();
        try {
            if (!s.holdsSlot) return false;
            s.holdsSlot = false;
            slots--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    int slotsInUse() {
        lock.lock();
        try {
            return slots;
        } finally {
            lock.unlock();
        }
    }

    boolean isReset(H2Stream s) {
        lock.lock();
        try {
            return s.reset;
        } finally {
            lock.unlock();
        }
    }

    /** Marks an answered stream whose body is still coming as discarding; false if it is already over. */
    boolean startDiscarding(H2Stream s) {
        lock.lock();
        try {
            if (s.reset || !s.remoteOpen()) return false;
            s.discarding = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Accounts a DATA frame against the stream's receive window. */
    void receive(H2Stream s, int flowControlled, int padding) throws H2Exception {
        lock.lock();
        try {
            if (!s.remoteOpen()) throw H2Exception.stream(s.id, ErrorCode.STREAM_CLOSED, "DATA after END_STREAM");
            s.recvWindow -= flowControlled;
            if (s.recvWindow < 0) throw H2Exception.stream(s.id, ErrorCode.FLOW_CONTROL_ERROR, "DATA beyond the stream window");
            s.consumedUnacked += padding; // the handler never reads padding
        } finally {
            lock.unlock();
        }
    }

    /** A handler read {@code n} body bytes; the WINDOW_UPDATE increment to send now, or 0. */
    int consumed(int id, int n, int windowSize) {
        lock.lock();
        try {
            H2Stream s = open.get(id);
            if (s == null || !s.remoteOpen()) return 0;
            s.consumedUnacked += n;
            if (s.consumedUnacked < windowSize / 2) return 0;
            int increment = s.consumedUnacked;
            s.recvWindow += increment;
            s.consumedUnacked = 0;
            return increment;
        } finally {
            lock.unlock();
        }
    }

    void windowUpdate(int id, int increment, int lastStreamId) throws H2Exception {
        lock.lock();
        try {
            if (id == 0) {
                sendWindow += increment;
                if (sendWindow > MAX_WINDOW) throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "connection window above 2^31-1");
            } else {
                H2Stream s = open.get(id);
                if (s == null) {
                    if (id > lastStreamId) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream");
                    return;
                }
                s.sendWindow += increment;
                if (s.sendWindow > MAX_WINDOW) throw H2Exception.stream(id, ErrorCode.FLOW_CONTROL_ERROR, "stream window above 2^31-1");
            }
            windowOpened.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** SETTINGS_INITIAL_WINDOW_SIZE changed: every open stream's window moves by the difference (RFC 9113 6.9.2). */
    void peerInitialWindow(long value) throws H2Exception {
        lock.lock();
        try {
            long delta = value - peerInitialWindow;
            peerInitialWindow = value;
            for (H2Stream s : open.values()) {
                s.sendWindow += delta;
                if (s.sendWindow > MAX_WINDOW) throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "window above 2^31-1");
            }
            windowOpened.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Takes exactly {@code n} bytes of both send windows for the stream, if both have them now; see {@link #acquire}. */
    boolean tryReserve(H2Stream s, int n) {
        lock.lock();
        try {
            if (s.reset || closed || n > s.sendWindow || n > sendWindow) return false;
            s.sendWindow -= n;
            sendWindow -= n;
            s.reserved += n;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes up to {@code wanted} bytes of both send windows, first from what {@link #tryReserve} set aside,
     * waiting at most the idle timeout for them to open; without {@code mayWait} (the reader thread) it
     * fails instead of waiting.
     */
    int acquire(H2Stream s, int wanted, boolean mayWait) throws IOException {
        lock.lock();
        try {
            long wait = timeoutNanos;
            while (true) {
                if (s.reset || closed) throw new IOException("stream reset");
                if (s.reserved > 0) {
                    int n = Math.min(wanted, s.reserved);
                    s.reserved -= n;
                    return n;
                }
                if (!mayWait) throw new IOException("no send window set aside for the reader thread");
                long n = Math.min(wanted, Math.min(s.sendWindow, sendWindow));
                if (n > 0) {
                    s.sendWindow -= n;
                    sendWindow -= n;
                    return (int) n;
                }
                if (wait <= 0) throw new IOException("peer kept the flow-control window closed");
                wait = windowOpened.awaitNanos(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            lock.unlock();
        }
    }

    /** The connection ended: wakes every waiting sender and returns the streams still open. */
    List<H2Stream> closeAll() {
        lock.lock();
        try {
            closed = true;
            windowOpened.signalAll();
            return new ArrayList<>(open.values());
        } finally {
            lock.unlock();
        }
    }
}
