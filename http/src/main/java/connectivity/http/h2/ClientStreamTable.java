package connectivity.http.h2;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The streams a client connection has open, under one lock: new ones wait for a slot under the
 * server's SETTINGS_MAX_CONCURRENT_STREAMS and get increasing odd ids; GOAWAY and the connection's end
 * take them out in bulk. A stream holds its slot until it is removed (ended, reset or cancelled).
 */
final class ClientStreamTable {
    /** Makes the stream for a new id and sends its HEADERS, under the table's lock (ids must reach the wire in order). */
    interface Opener {
        ClientStream open(int id) throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFreed = lock.newCondition();
    private final Map<Integer, ClientStream> active = new HashMap<>();
    private int nextStreamId = 1;
    private int peerMaxConcurrent = 100; // until the server's SETTINGS say otherwise
    private int goAwayLastStream = Integer.MAX_VALUE;
    private boolean closed;
    private String why = "connection closed";

    /** Waits (at most {@code timeoutNanos}) for a slot, then opens the next stream. */
    ClientStream open(long timeoutNanos, Opener opener) throws IOException {
        lock.lock();
        try {
            long wait = timeoutNanos;
            while (!closed && goAwayLastStream == Integer.MAX_VALUE && active.size() >= peerMaxConcurrent) {
                if (wait <= 0) throw new SocketTimeoutException("the server's " + peerMaxConcurrent + " streams stayed busy");
                wait = slotFreed.awaitNanos(wait);
            }
            if (closed) throw new H2RefusedException(why, true); // why the connection ended: the failure the caller sees
            if (goAwayLastStream != Integer.MAX_VALUE || nextStreamId < 0) {
                throw new H2RefusedException("connection no longer takes requests (" + why + ")", true);
            }
            int id = nextStreamId;
            nextStreamId += 2;
            ClientStream cs = opener.open(id);
            active.put(id, cs);
            return cs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            lock.unlock();
        }
    }

    ClientStream get(int id) {
        lock.lock();
        try {
            return active.get(id);
        } finally {
            lock.unlock();
        }
    }

    /** Takes a stream out (freeing its slot); null if it was already out. */
    ClientStream remove(int id) {
        lock.lock();
        try {
            ClientStream cs = active.remove(id);
            if (cs != null) slotFreed.signalAll();
            return cs;
        } finally {
            lock.unlock();
        }
    }

    boolean acceptsStreams() {
        lock.lock();
        try {
            return !closed && goAwayLastStream == Integer.MAX_VALUE && active.size() < peerMaxConcurrent;
        } finally {
            lock.unlock();
        }
    }

    int inFlight() {
        lock.lock();
        try {
            return active.size();
        } finally {
            lock.unlock();
        }
    }

    /** The highest stream id we opened (0 before the first). */
    int lastOpened() {
        lock.lock();
        try {
            return nextStreamId - 2;
        } finally {
            lock.unlock();
        }
    }

    boolean goingAway() {
        lock.lock();
        try {
            return goAwayLastStream != Integer.MAX_VALUE;
        } finally {
            lock.unlock();
        }
    }

    String why() {
        lock.lock();
        try {
            return why;
        } finally {
            lock.unlock();
        }
    }

    void peerMaxConcurrent(long value) {
        lock.lock();
        try {
            peerMaxConcurrent = (int) Math.min(value, Integer.MAX_VALUE);
            slotFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** GOAWAY: no new streams; returns (removed) those above the server's last, which it never processed. */
    List<ClientStream> goAway(int lastStreamId, String reason) {
        lock.lock();
        try {
            goAwayLastStream = lastStreamId;
            why = reason;
            slotFreed.signalAll();
            List<ClientStream> refused = new ArrayList<>();
            active.values().removeIf(cs -> cs.stream.id > lastStreamId && refused.add(cs));
            return refused;
        } finally {
            lock.unlock();
        }
    }

    /** The connection ended: returns (removed) every stream still open. */
    List<ClientStream> closeAll(String reason) {
        lock.lock();
        try {
            closed = true;
            why = reason;
            slotFreed.signalAll();
            List<ClientStream> all = new ArrayList<>(active.values());
            active.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }
}
