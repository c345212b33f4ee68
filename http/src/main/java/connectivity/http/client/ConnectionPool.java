package connectivity.http.client;

import connectivity.net.Connection;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idle keep-alive connections, per scheme, host and port (a TLS connection and a cleartext one to the
 * same port are different things). A connection is either leased (one request/response at
 * a time) or idle here; one whose exchange went wrong is closed, never returned. Idle ones older than
 * the idle timeout are dropped when next looked at, since servers close quiet connections on their own.
 */
public final class ConnectionPool implements Closeable {
    /** A connection in use, and whether it came from the pool (and so may turn out to be closed). */
    public record Lease(String key, Connection connection, boolean reused) {}

    private record Idle(Connection connection, long since) {}

    /** Opens new connections; a seam for tests and for dialing through something else. */
    @FunctionalInterface
    public interface Dialer {
        Connection dial(String host, int port, Duration connectTimeout) throws IOException;
    }

    private final Map<String, Deque<Idle>> idle = new HashMap<>();
    private final Dialer dialer;
    private final Dialer tlsDialer;
    private final int maxIdlePerHost;
    private final long idleTimeoutNanos;
    private final AtomicLong opened = new AtomicLong();
    private boolean closed;

    public ConnectionPool(Dialer dialer, int maxIdlePerHost, Duration idleTimeout) {
        this(dialer, (host, port, timeout) -> {
            throw new java.io.IOException("this pool has no TLS");
        }, maxIdlePerHost, idleTimeout);
    }

    /** With {@code tlsDialer} opening the connections of https:// targets (dial and handshake). */
    public ConnectionPool(Dialer dialer, Dialer tlsDialer, int maxIdlePerHost, Duration idleTimeout) {
        this.dialer = dialer;
        this.tlsDialer = tlsDialer;
        this.maxIdlePerHost = maxIdlePerHost;
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /** An idle connection for the target if there is a live-looking one, else a new one. */
    public Lease acquire(HttpTarget target, Duration connectTimeout) throws IOException {
        Connection reusable = takeIdle(target.poolKey());
        return reusable != null ? new Lease(target.poolKey(), reusable, true) : acquireFresh(target, connectTimeout);
    }

    /** A new connection, never a pooled one: for the retry after a reused one failed. */
    public Lease acquireFresh(HttpTarget target, Duration connectTimeout) throws IOException {
        Connection fresh = (target.secure() ? tlsDialer : dialer).dial(target.host(), target.port(), connectTimeout);
        opened.incrementAndGet();
        return new Lease(target.poolKey(), fresh, false);
    }

    private synchronized Connection takeIdle(String key) {
        Deque<Idle> queue = idle.get(key);
        long now = System.nanoTime();
        while (queue != null && !queue.isEmpty()) {
            Idle candidate = queue.pollLast(); // most recently used: least likely to have been closed
            if (now - candidate.since() >= idleTimeoutNanos || candidate.connection().isClosed()) {
                candidate.connection().close();
                continue;
            }
            return candidate.connection();
        }
        return null;
    }

    /** Returns a connection whose exchange ended cleanly, with the response fully read. */
    public void release(Lease lease) {
        Connection c = lease.connection();
        Connection evicted = null;
        synchronized (this) {
            if (closed || c.isClosed()) {
                evicted = c;
            } else {
                Deque<Idle> queue = idle.computeIfAbsent(lease.key(), k -> new ArrayDeque<>());
                queue.addLast(new Idle(c, System.nanoTime()));
                if (queue.size() > maxIdlePerHost) evicted = queue.pollFirst().connection();
            }
        }
        if (evicted != null) evicted.close();
    }

    /** Closes a connection whose state is unknown (error, unread body, Connection: close). */
    public void discard(Lease lease) {
        lease.connection().close();
    }

    /** Connections dialed so far (not counting reuse). */
    public long openedConnections() {
        return opened.get();
    }

    public synchronized int idleConnections() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    @Override
    public void close() {
        Map<String, Deque<Idle>> all;
        synchronized (this) {
            closed = true;
            all = new HashMap<>(idle);
            idle.clear();
        }
        all.values().forEach(q -> q.forEach(i -> i.connection().close()));
    }
}
