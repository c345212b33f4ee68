package connectivity.http.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection's input, buffered without locks (one virtual thread owns it). Each read from the
 * socket waits at most the idle timeout, or, while a deadline is set (reading a request head),
 * at most until that deadline: a client that trickles a head byte by byte cannot keep the
 * connection past it.
 *
 * <p>For HTTP/1.1 those limits are not socket timeouts: a virtual thread's timed read schedules and
 * cancels a JDK timer task each time it parks, which cost about a tenth of a keep-alive request.
 * Instead a blocked read publishes the instant it must end by, and the server's watchdog
 * ({@link #expireOverdueRead}) stops the transport's input once that instant has passed; the read
 * then fails with {@link SocketTimeoutException} as before (and so does every later one), up to one
 * watchdog tick late. HTTP/2, which reads on after a timeout, uses real socket timeouts
 * ({@link #useSocketTimeouts}).
 */
final class ServerInput extends InputStream {
    private final Transport transport;
    private final InputStream raw;
    private final byte[] buf;
    private int pos;
    private int limit;
    private int idleMillis;
    private long deadlineNanos; // 0 = none
    private int appliedTimeout = -1;
    private boolean watched = true;
    private boolean expired; // the watchdog stopped our input: every read from now on times out
    /** The nanoTime a blocked read must end by; NOT_WAITING between reads; EXPIRED once the watchdog acted. */
    private final AtomicLong waitingUntil = new AtomicLong(NOT_WAITING);
    private static final long NOT_WAITING = Long.MIN_VALUE;
    private static final long EXPIRED = Long.MIN_VALUE + 1;

    ServerInput(Transport transport, int bufferSize) throws IOException {
        this.transport = transport;
        this.raw = transport.input();
        this.buf = new byte[bufferSize];
    }

    /** Each socket read waits at most this long (0 = for ever). */
    void idleTimeout(int millis) {
        this.idleMillis = millis;
    }

    /** From now, socket reads fail once {@code System.nanoTime()} passes this; 0 clears it. */
    void deadline(long nanoTime) {
        this.deadlineNanos = nanoTime;
    }

    /** From now on each read waits under a socket timeout (HTTP/2: a timeout there is not the end). */
    void useSocketTimeouts() {
        watched = false;
    }

    /**
     * Called by the watchdog (another thread): if a read is blocked past its limit, stops the
     * transport's input, which wakes the read, and marks it timed out.
     */
    void expireOverdueRead(long now) {
        long until = waitingUntil.get();
        if (until == NOT_WAITING || until == EXPIRED || now - until < 0) return;
        if (!waitingUntil.compareAndSet(until, EXPIRED)) return; // that read ended meanwhile
        try {
            transport.stopReading();
        } catch (IOException e) {
            transport.close(); // cannot stop the input alone: the connection ends either way
        }
    }

    /** Bytes already buffered: readable without touching the socket. */
    int buffered() {
        return limit - pos;
    }

    /**
     * Whether a whole request head (up to its blank line, after any empty lines a client may send
     * first) is buffered, so reading it cannot block. The exchange asks this to decide whether to hold
     * a response back for the next one (pipelining) or flush it before the next read may wait.
     */
    boolean holdsRequestHead() {
        int p = pos;
        while (p + 1 < limit && buf[p] == '\r' && buf[p + 1] == '\n') p += 2;
        for (int i = p; i + 3 < limit; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') return true;
        }
        return false;
    }

    /**
     * Whether the input begins with these bytes, reading (and keeping buffered) as many as it takes to
     * tell; false at the first byte that differs, at end of stream or at a read timeout. Used to spot
     * the HTTP/2 preface, which is shorter than the buffer.
     */
    boolean startsWith(byte[] prefix) throws IOException {
        while (true) {
            int n = Math.min(limit - pos, prefix.length);
            for (int i = 0; i < n; i++) if (buf[pos + i] != prefix[i]) return false;
            if (n == prefix.length) return true;
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            try {
                int r = rawRead(buf, limit, buf.length - limit);
                if (r <= 0) return false;
                limit += r;
            } catch (SocketTimeoutException e) {
                return false; // the HTTP/1.1 path times the request out on its own
            }
        }
    }

    /** Waits for at least one byte; false at end of stream. */
    boolean await() throws IOException {
        return pos < limit || fill();
    }

    @Override
    public int read() throws IOException {
        if (pos == limit && !fill()) return -1;
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        int available = limit - pos;
        if (available > 0) {
            int n = Math.min(available, len);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
        if (len >= buf.length) {
            return rawRead(b, off, len); // large reads skip the copy through our buffer
        }
        if (!fill()) return -1;
        int n = Math.min(limit - pos, len);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return limit - pos;
    }

    private boolean fill() throws IOException {
        int n = rawRead(buf, 0, buf.length);
        if (n <= 0) return false;
        pos = 0;
        limit = n;
        return true;
    }

    private int rawRead(byte[] b, int off, int len) throws IOException {
        if (!watched) {
            applyTimeout(timeoutMillis());
            return raw.read(b, off, len);
        }
        if (expired) throw new SocketTimeoutException("read timed out");
        int timeout = timeoutMillis();
        applyTimeout(0); // once: the watchdog keeps the time (clears the handshake's socket timeout on TLS)
        if (timeout != 0) waitingUntil.set(System.nanoTime() + timeout * 1_000_000L);
        int n;
        try {
            n = raw.read(b, off, len);
        } catch (IOException e) {
            if (readEnded()) throw new SocketTimeoutException("read timed out");
            throw e;
        }
        if (readEnded()) throw new SocketTimeoutException("read timed out");
        return n;
    }

    /** Ends a watched read; whether the watchdog expired it. */
    private boolean readEnded() {
        if (waitingUntil.getAndSet(NOT_WAITING) == EXPIRED) expired = true;
        return expired;
    }

    /** How long the next read may wait: the idle timeout, cut to what is left of the deadline (0: for ever). */
    private int timeoutMillis() throws SocketTimeoutException {
        int timeout = idleMillis;
        if (deadlineNanos != 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) throw new SocketTimeoutException("request head not received in time");
            int leftMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
            timeout = timeout == 0 ? leftMillis : Math.min(timeout, leftMillis);
        }
        return timeout;
    }

    private void applyTimeout(int timeout) throws IOException {
        if (timeout != appliedTimeout) {
            transport.readTimeout(timeout);
            appliedTimeout = timeout;
        }
    }

    @Override
    public void close() {
        // The connection closes the transport.
    }
}
