package connectivity.http.client;

import connectivity.http.Headers;
import connectivity.http.HttpVersion;
import connectivity.http.h2.H2ClientConnection;
import connectivity.http.h2.H2Exception;
import connectivity.http.h2.H2RefusedException;
import connectivity.http.h2.HeaderField;
import connectivity.net.Connection;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLSocket;

/**
 * The client's HTTP/2 connections, per scheme, host and port: one connection carries many requests at
 * once, so a request goes on a live one with room before anything is dialed. A connection becomes
 * HTTP/2 when TLS negotiated "h2" by ALPN, or, for http:// with prior knowledge, always (h2c).
 */
final class Http2Sessions implements Closeable {
    /** Fields HTTP/2 forbids (RFC 9113 8.2.2) or carries otherwise (Host becomes :authority). */
    private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "upgrade", "host", "content-length", "te");

    private final Map<String, List<H2ClientConnection>> sessions = new HashMap<>();
    private final Map<String, ReentrantLock> dialing = new HashMap<>();
    private final Set<String> http1Only = new HashSet<>();
    private final boolean overTls;
    private final boolean priorKnowledge;
    private final Duration readTimeout;
    private final Duration idleTimeout;
    private final String userAgent;
    private boolean closed;

    Http2Sessions(boolean overTls, boolean priorKnowledge, Duration readTimeout, Duration idleTimeout, String userAgent) {
        this.overTls = overTls;
        this.priorKnowledge = priorKnowledge;
        this.readTimeout = readTimeout;
        this.idleTimeout = idleTimeout;
        this.userAgent = userAgent;
    }

    /** The ALPN protocols a TLS client offers: h2 first when HTTP/2 is on. */
    List<String> alpn() {
        return overTls ? List.of("h2", "http/1.1") : List.of("http/1.1");
    }

    /** Opens a fresh connection (dial, and for https:// the TLS handshake with our ALPN offer). */
    interface FreshDial {
        ConnectionPool.Lease dial() throws IOException;
    }

    /** Whether HTTP/2 may be tried for the target at all (on for its scheme, and not known to speak only HTTP/1.1). */
    boolean mayUse(HttpTarget target) {
        if (!(target.secure() ? overTls : priorKnowledge)) return false;
        synchronized (this) {
            return !http1Only.contains(target.poolKey());
        }
    }

    /**
     * The request over HTTP/2: on a live connection to the target with room, or on one dialed now (one
     * dial per target at a time, so a burst of requests shares it rather than each dialing its own).
     * Empty when the server picked HTTP/1.1 by ALPN: the fresh connection is then in the pool for the caller.
     * A request the server did not process (or, if idempotent, one whose connection died before any
     * answer) is sent once more on a fresh connection.
     */
    Optional<StreamingResponse> exchange(HttpTarget target, HttpRequest request, FreshDial dial, ConnectionPool pool)
            throws IOException {
        for (int attempt = 0; ; attempt++) {
            H2ClientConnection c = connection(target, dial, pool);
            if (c == null) return Optional.empty();
            try {
                return Optional.of(exchange(c, target, request));
            } catch (H2RefusedException refused) {
                if (attempt > 0 || !(refused.unprocessed() || request.idempotent())) throw refused;
            }
        }
    }

    private H2ClientConnection connection(HttpTarget target, FreshDial dial, ConnectionPool pool) throws IOException {
        String key = target.poolKey();
        H2ClientConnection c = usable(key);
        if (c != null) return c;
        ReentrantLock lock;
        synchronized (this) {
            lock = dialing.computeIfAbsent(key, k -> new ReentrantLock());
        }
        try {
            if (!lock.tryLock(readTimeout.toMillis() * 2, TimeUnit.MILLISECONDS)) {
                throw new SocketTimeoutException("timed out waiting for a connection to " + key);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        try {
            c = usable(key);
            if (c != null || !mayUse(target)) return c;
            ConnectionPool.Lease lease = dial.dial();
            Connection fresh = lease.connection();
            if (target.secure() && !(fresh.socket() instanceof SSLSocket ssl && "h2".equals(ssl.getApplicationProtocol()))) {
                synchronized (this) {
                    if (http1Only.size() >= 1024) http1Only.clear(); // a memo, not a record: bounded
                    http1Only.add(key);
                }
                pool.release(lease);
                return null;
            }
            return start(key, fresh);
        } finally {
            lock.unlock();
        }
    }

    private H2ClientConnection start(String key, Connection fresh) throws IOException {
        fresh.readTimeout(idleTimeout);
        H2ClientConnection c = H2ClientConnection.start(fresh.input(), fresh.output(), fresh::close, readTimeout, key);
        synchronized (this) {
            if (closed) {
                c.close();
                throw new SocketException("client closed");
            }
            sessions.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        return c;
    }

    private synchronized H2ClientConnection usable(String key) {
        List<H2ClientConnection> list = sessions.get(key);
        if (list == null) return null;
        list.removeIf(H2ClientConnection::isClosed);
        for (H2ClientConnection c : list) if (c.acceptsStreams()) return c;
        return null;
    }

    private StreamingResponse exchange(H2ClientConnection c, HttpTarget target, HttpRequest request) throws IOException {
        Optional<RequestBody> body = request.body();
        H2ClientConnection.Response r;
        try (InputStream source = body.isPresent() ? body.get().open() : null) {
            r = c.exchange(fields(target, request), source, body.map(RequestBody::length).orElse(0L));
        } catch (H2Exception e) {
            throw new BadResponseException("HTTP/2: " + e.getMessage(), e);
        }
        Headers.Builder headers = Headers.builder();
        try {
            for (HeaderField f : r.fields()) headers.add(f.name(), f.value());
        } catch (IllegalArgumentException e) {
            r.body().close();
            throw new BadResponseException("HTTP/2: " + e.getMessage(), e);
        }
        return new StreamingResponse(HttpVersion.HTTP_2, r.status(), "", headers.build(), new Translating(r.body()),
                request.uri());
    }

    /** The request's header list: pseudo-headers first, then its fields in lower case, minus those HTTP/2 forbids. */
    List<HeaderField> fields(HttpTarget target, HttpRequest request) {
        List<HeaderField> fields = new ArrayList<>(request.headers().size() + 6);
        fields.add(new HeaderField(":method", request.method()));
        fields.add(new HeaderField(":scheme", target.scheme()));
        fields.add(new HeaderField(":authority", target.hostHeader()));
        fields.add(new HeaderField(":path", target.requestTarget()));
        for (Headers.Field f : request.headers().fields()) {
            String name = f.name().toLowerCase(Locale.ROOT);
            if (name.equals("te") && f.value().trim().equalsIgnoreCase("trailers")) fields.add(new HeaderField(name, "trailers"));
            else if (!DROPPED.contains(name)) fields.add(new HeaderField(name, f.value()));
        }
        if (userAgent != null && !request.headers().contains("User-Agent")) fields.add(new HeaderField("user-agent", userAgent));
        if (request.body().isPresent()) {
            fields.add(new HeaderField("content-length", Long.toString(request.body().get().length())));
        } else if (request.method().equals("PUT") || request.method().equals("POST")) {
            fields.add(new HeaderField("content-length", "0"));
        }
        return fields;
    }

    /** Connections open now (for tests: many requests, one connection). */
    synchronized int openConnections() {
        return (int) sessions.values().stream().flatMap(List::stream).filter(c -> !c.isClosed()).count();
    }

    @Override
    public void close() {
        List<H2ClientConnection> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            sessions.values().forEach(all::addAll);
            sessions.clear();
        }
        all.forEach(H2ClientConnection::close);
    }

    /** Stream errors in the middle of a body read as a bad response, like HTTP/1.1's framing errors. */
    private static final class Translating extends FilterInputStream {
        Translating(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (H2Exception e) {
                throw new BadResponseException("HTTP/2: " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (H2Exception e) {
                throw new BadResponseException("HTTP/2: " + e.getMessage(), e);
            }
        }
    }
}
