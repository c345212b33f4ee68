package connectivity.http.server;

import connectivity.http.tls.ServerTls;
import connectivity.net.Connection;
import connectivity.net.Listener;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An embeddable HTTP/1.1 (and 1.0) server: a virtual thread per connection, persistent connections
 * and pipelining, chunked and fixed-length bodies, 100-continue, strict parsing, and timeouts for
 * idle connections and for clients that send a request head too slowly. With {@link Builder#tls} every
 * connection is TLS (a handshake under its own deadline first); other protocols chosen by ALPN plug in
 * with {@link Builder#protocol}.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.builder()
 *         .bind("127.0.0.1").port(0)
 *         .route("/", new DocumentHandler(root, false))
 *         .build().start();
 * }</pre>
 *
 * Requests go to the handler whose path prefix is the longest match (a prefix matches whole
 * segments: "/announce" matches "/announce" and "/announce/x", not "/announcer"); no match is 404.
 */
public final class HttpServer implements Closeable {
    /** Settings shared by every connection. */
    record Config(
            String bind,
            int port,
            int idleTimeoutMillis,
            long requestTimeoutNanos,
            long maxBodyBytes,
            AccessLog accessLog,
            Routes routes,
            connectivity.http.h2.H2Config h2) {}

    /** The ALPN name of HTTP/1.1, always offered on TLS, after any registered protocol. */
    static final String HTTP_1_1 = "http/1.1";
    /** The ALPN name of HTTP/2 over TLS, ours ({@code connectivity.http.h2}) unless another is registered. */
    static final String H2 = "h2";

    /** How often the watchdog looks: how late, at most, a read or write limit is enforced. */
    private static final int WATCH_TICK_MILLIS = 50;

    private final Config config;
    private final int maxConnections;
    private final ServerTls tls;
    private final Map<String, ProtocolHandler> protocols;
    private final List<String> alpn;
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final HandshakeDeadlines handshakes = new HandshakeDeadlines();
    private volatile Listener listener;
    private volatile boolean closing;

    private HttpServer(int maxConnections, Config config, ServerTls tls, Map<String, ProtocolHandler> protocols) {
        this.maxConnections = maxConnections;
        this.config = config;
        this.tls = tls;
        this.protocols = Map.copyOf(protocols);
        List<String> offered = new ArrayList<>(protocols.keySet()); // registration order is preference order
        if (!offered.contains(H2)) offered.add(H2);
        offered.add(HTTP_1_1);
        this.alpn = List.copyOf(offered);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts accepting.
     *
     * @return this server
     * @throws IOException if the address cannot be bound (e.g. the port is in use)
     */
    public HttpServer start() throws IOException {
        if (listener != null) throw new IllegalStateException("already started");
        listener = Listener.start(tls == null ? "http" : "https", config.bind(), config.port(), this::accept,
                Listener.Options.defaults().withMaxConnections(maxConnections));
        Thread.ofVirtual().name("http-watchdog").start(this::watch);
        return this;
    }

    /**
     * Picks the protocol of one accepted connection and serves it: on TLS, after the handshake, a
     * protocol registered with {@link Builder#protocol} if ALPN chose it, else HTTP/2 if ALPN chose "h2";
     * otherwise HTTP/1.1 (whose first request may still turn out to be the h2c preface).
     */
    private void accept(Connection connection) throws IOException {
        Transport transport;
        String protocol = "";
        if (tls == null) {
            transport = new SocketTransport(connection);
        } else {
            TlsTransport secured = TlsTransport.handshake(connection, tls, alpn, handshakes);
            transport = secured;
            protocol = secured.applicationProtocol(); // "" when the client offered no ALPN: HTTP/1.1
        }
        ProtocolHandler other = protocols.get(protocol);
        if (other != null) {
            other.serve(transport);
            return;
        }
        HttpConnection c = new HttpConnection(this, transport);
        connections.add(c); // HTTP/2 too: the write watchdog and the graceful shutdown see every connection
        try {
            if (protocol.equals(H2)) c.serveH2();
            else c.serve();
        } finally {
            connections.remove(c);
        }
    }

    /** Whether connections speak TLS. */
    public boolean secure() {
        return tls != null;
    }

    /**
     * Sockets have no write timeout, and HTTP/1.1 reads none either (see {@link ServerInput}): every
     * {@link #WATCH_TICK_MILLIS}, time out reads blocked past their limit and drop connections whose
     * client stopped reading. A limit is kept to within a tick; a sweep of 10,000 connections is a few
     * volatile reads each. TLS handshakes past their deadline are closed here too.
     */
    private void watch() {
        long limit = config.idleTimeoutMillis() * 1_000_000L;
        while (!closing) {
            try {
                Thread.sleep(WATCH_TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            handshakes.closeOverdue(now);
            for (HttpConnection c : connections) {
                c.expireOverdueRead(now);
                c.closeIfWriteStalled(limit);
            }
        }
    }

    /** The bound port (useful after binding port 0). */
    public int port() {
        return started().port();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return started().address();
    }

    /** Connections accepted since the start. */
    public long acceptedConnections() {
        return started().acceptedConnections();
    }

    /** Connections currently open. */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Stops accepting, closes idle connections, lets requests in flight finish (their responses say
     * {@code Connection: close}) for up to {@code grace}, then closes whatever is left.
     */
    public void shutdown(Duration grace) {
        closing = true;
        Listener l = listener;
        if (l == null) return;
        l.stopAccepting();
        for (HttpConnection c : connections) c.closeIfIdle();
        l.shutdown(grace);
    }

    /** Stops at once: closes the listener and every connection. */
    @Override
    public void close() {
        closing = true;
        Listener l = listener;
        if (l != null) l.close();
    }

    boolean closing() {
        return closing;
    }

    Config config() {
        return config;
    }

    private Listener started() {
        Listener l = listener;
        if (l == null) throw new IllegalStateException("not started");
        return l;
    }

    /** Configures a server; every setting has a default. */
    public static final class Builder {
        private String bind = "127.0.0.1";
        private int port = 0;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration requestTimeout = Duration.ofSeconds(20);
        private long maxBodyBytes = 1L << 30;
        private Consumer<String> accessLog;
        private final List<Routes.Route> routes = new ArrayList<>();
        private int maxConnections = Listener.Options.DEFAULT_MAX_CONNECTIONS;
        private ServerTls tls;
        private final Map<String, ProtocolHandler> protocols = new LinkedHashMap<>();
        private connectivity.http.h2.H2Config h2 = connectivity.http.h2.H2Config.defaults();

        private Builder() {}

        /**
         * The limits of HTTP/2 connections (streams, windows, header lists, flood counts); default
         * {@link connectivity.http.h2.H2Config#defaults()}. The idle timeout and body limit are this builder's.
         */
        public Builder http2(connectivity.http.h2.H2Config limits) {
            this.h2 = Objects.requireNonNull(limits);
            return this;
        }

        /** Speaks TLS (1.3 or 1.2) on every connection with this certificate; default cleartext. */
        public Builder tls(ServerTls tls) {
            this.tls = Objects.requireNonNull(tls);
            return this;
        }

        /**
         * Offers {@code alpnId} (e.g. "h2") in TLS's ALPN, ahead of http/1.1, and hands connections
         * that choose it to {@code handler} right after the handshake. Without a registration only
         * http/1.1 is offered.
         */
        public Builder protocol(String alpnId, ProtocolHandler handler) {
            if (alpnId.isEmpty() || alpnId.equals(HTTP_1_1)) throw new IllegalArgumentException("not another protocol: " + alpnId);
            protocols.put(alpnId, Objects.requireNonNull(handler));
            return this;
        }

        /** Most connections open at once; past it a new connection is closed at once. Default 10,000. */
        public Builder maxConnections(int max) {
            if (max < 1) throw new IllegalArgumentException("maxConnections must be at least 1");
            this.maxConnections = max;
            return this;
        }

        /** Address to listen on; default 127.0.0.1. */
        public Builder bind(String address) {
            this.bind = Objects.requireNonNull(address);
            return this;
        }

        /** Port to listen on; default 0 (any free port, see {@link HttpServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            this.port = port;
            return this;
        }

        /** How long a connection may sit between requests (and each body read may wait); default 60 s. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout);
            return this;
        }

        /** How long a client has to send a whole request head once it has begun; default 20 s. Past it: 408. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout);
            return this;
        }

        /** Largest request body accepted; larger ones get 413. Default 1 GiB. */
        public Builder maxBodyBytes(long max) {
            if (max < 0) throw new IllegalArgumentException("negative body limit");
            this.maxBodyBytes = max;
            return this;
        }

        /** Appends a Common Log Format line per request to this file. */
        public Builder accessLog(Path file) {
            this.accessLog = AccessLog.appendingTo(file);
            return this;
        }

        /** Hands a Common Log Format line per request to this consumer (called on connection threads). */
        public Builder accessLog(Consumer<String> sink) {
            this.accessLog = sink;
            return this;
        }

        /** Sends requests whose path starts with {@code pathPrefix} (whole segments) to {@code handler}. */
        public Builder route(String pathPrefix, Handler handler) {
            if (!pathPrefix.startsWith("/")) throw new IllegalArgumentException("path prefix must start with /: " + pathPrefix);
            routes.add(new Routes.Route(pathPrefix, Objects.requireNonNull(handler)));
            return this;
        }

        public HttpServer build() {
            return new HttpServer(maxConnections, new Config(
                    bind,
                    port,
                    Math.toIntExact(idleTimeout.toMillis()),
                    requestTimeout.toNanos(),
                    maxBodyBytes,
                    accessLog == null ? null : new AccessLog(accessLog),
                    new Routes(routes),
                    h2.withLimits(idleTimeout, maxBodyBytes)), tls, protocols);
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("timeout must be positive");
            return d;
        }
    }
}
