package connectivity.http.client;

import connectivity.http.BodyFraming;
import connectivity.http.Headers;
import connectivity.http.HttpVersion;
import connectivity.http.MessageHeadWriter;
import connectivity.http.RequestLine;
import connectivity.http.tls.ClientTls;
import connectivity.net.Connection;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP/1.1 client over {@link Connection}s, for http:// and https:// (TLS per {@link ClientTls}:
 * by default the JDK's trust store), with a keep-alive pool per scheme, host and port. Thread-safe: each
 * exchange leases its own connection.
 *
 * <pre>{@code
 * HttpClient client = HttpClient.builder().readTimeout(Duration.ofSeconds(5)).build();
 * HttpResponse r = client.send(HttpRequest.get(URI.create("http://127.0.0.1:8080/")));
 * }</pre>
 *
 * Failures are IOExceptions whose kind tells what happened: {@link java.net.ConnectException}
 * (refused), {@link java.net.SocketTimeoutException}, {@link SocketException} (reset),
 * {@link BadResponseException}, {@link UnsupportedUrlException}, {@link TooManyRedirectsException};
 * {@code connectivity.net.NetFailures.describe} turns them into one line.
 */
public final class HttpClient implements Closeable {
    private static final String USER_AGENT = "conn/0.1";

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxRedirects;
    private final long maxBodyBytes;
    private final String userAgent;
    private final ConnectionPool pool;
    private final Http2Sessions h2;

    private HttpClient(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.maxRedirects = b.maxRedirects;
        this.maxBodyBytes = b.maxBodyBytes;
        this.userAgent = b.userAgent;
        ClientTls tls = b.tls;
        ConnectionPool.Dialer plain = b.dialer;
        Duration handshakeTimeout = b.readTimeout;
        this.h2 = new Http2Sessions(b.http2, b.http2PriorKnowledge, b.readTimeout, b.idleTimeout, b.userAgent);
        java.util.List<String> alpn = h2.alpn();
        this.pool = new ConnectionPool(plain,
                (host, port, timeout) -> tls.secure(plain.dial(host, port, timeout), host, port, handshakeTimeout, alpn),
                b.maxIdlePerHost, b.idleTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sends the request, follows redirects, and reads the whole body into memory. */
    public HttpResponse send(HttpRequest request) throws IOException {
        return sendStreaming(request).toResponse(maxBodyBytes);
    }

    /**
     * Sends the request and follows redirects; the final body is left on the wire for the caller to
     * stream. The caller must close the response.
     */
    public StreamingResponse sendStreaming(HttpRequest request) throws IOException {
        HttpRequest current = request;
        for (int redirects = 0; ; redirects++) {
            StreamingResponse response = exchange(current);
            if (maxRedirects == 0 || !RedirectPolicy.isRedirect(response.status())) return response;
            Optional<HttpRequest> next;
            try {
                next = RedirectPolicy.next(current, response.status(), response.headers().first("Location"));
            } catch (IOException e) {
                response.close();
                throw e;
            }
            drain(response);
            if (redirects >= maxRedirects) throw new TooManyRedirectsException(maxRedirects, next.get().uri());
            current = next.get();
            try {
                HttpTarget.of(current.uri());
            } catch (UnsupportedUrlException e) {
                throw new UnsupportedUrlException("redirected to " + current.uri() + ": " + e.getMessage());
            }
        }
    }

    /** Reads a redirect's small body so that its connection can serve the next request. */
    private static void drain(StreamingResponse response) throws IOException {
        try (response) {
            InputStream body = response.body();
            byte[] scratch = new byte[8192];
            long left = 64 * 1024;
            while (left > 0) {
                int n = body.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) return;
                left -= n;
            }
            // A large redirect body is not worth reading: closing drops the connection instead.
        } catch (IOException e) {
            // The redirect itself was received; a broken body only costs us the connection.
        }
    }

    /**
     * One request and the head of its response. If a pooled connection turns out to have been closed
     * by the server before it took the request, an idempotent request is sent once more on a fresh one.
     */
    private StreamingResponse exchange(HttpRequest request) throws IOException {
        HttpTarget target = HttpTarget.of(request.uri());
        if (h2.mayUse(target)) {
            Optional<StreamingResponse> multiplexed = h2.exchange(target, request,
                    () -> pool.acquireFresh(target, connectTimeout), pool);
            if (multiplexed.isPresent()) return multiplexed.get();
        }
        for (int attempt = 0; ; attempt++) {
            ConnectionPool.Lease lease = attempt == 0
                    ? pool.acquire(target, connectTimeout)
                    : pool.acquireFresh(target, connectTimeout);
            try {
                return exchangeOn(lease, target, request);
            } catch (StaleConnectionException stale) {
                pool.discard(lease);
                if (attempt > 0 || !lease.reused() || !request.idempotent()) throw stale.cause();
            } catch (IOException | RuntimeException e) {
                pool.discard(lease);
                throw e;
            }
        }
    }

    private StreamingResponse exchangeOn(ConnectionPool.Lease lease, HttpTarget target, HttpRequest request)
            throws IOException {
        Connection c = lease.connection();
        c.readTimeout(readTimeout);
        InputStream in = c.input();
        boolean written = false;
        try {
            writeRequest(c.output(), target, request);
            written = true;
        } catch (SocketException e) {
            // A server may answer (413, 401, ...) and close before taking all of a large body; that
            // answer, if it reached us, is worth more than the broken pipe.
            if (pendingBytes(in) == 0) throw new StaleConnectionException(e);
        }
        if (written) awaitFirstByte(in);
        while (true) {
            ResponseHead response = ResponseReader.readHead(in);
            if (response.status() == 101) throw new BadResponseException("unexpected 101 Switching Protocols");
            if (response.status() < 200) continue; // 100 Continue, 103 Early Hints: the real answer follows
            BodyFraming framing = ResponseReader.framing(request.method(), response);
            boolean keepAlive = written && response.keepAlive() && framing.kind() != BodyFraming.Kind.UNTIL_CLOSE
                    && !request.header("Connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
            InputStream framed = ResponseReader.body(in, framing);
            ResponseBodyStream body = new ResponseBodyStream(framed, keepAlive, reusable -> {
                if (reusable) pool.release(lease);
                else pool.discard(lease);
            });
            if (framing.kind() == BodyFraming.Kind.NONE || framing.length() == 0) {
                body.read(); // ends at once and frees the connection
            }
            return new StreamingResponse(response.version(), response.status(), response.reason(), response.headers(), body,
                    request.uri());
        }
    }

    private static int pendingBytes(InputStream in) {
        try {
            return in.available();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Waits for the first byte of the answer. End of stream or a reset here means the server never
     * took the request: on a reused connection that is a stale connection to retry; on a fresh one it
     * is an empty reply.
     */
    private static void awaitFirstByte(InputStream in) throws IOException {
        in.mark(1);
        int first;
        try {
            first = in.read();
        } catch (SocketException e) {
            throw new StaleConnectionException(e);
        }
        if (first < 0) {
            throw new StaleConnectionException(
                    new BadResponseException("connection closed before any response"));
        }
        in.reset();
    }

    private void writeRequest(OutputStream out, HttpTarget target, HttpRequest request) throws IOException {
        // The client owns the framing and the routing; a caller's values for these would contradict it.
        Headers.Builder fields = Headers.builder().add("Host", target.hostHeader());
        for (Headers.Field f : request.headers().fields()) {
            String name = f.name();
            if (name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Content-Length")
                    || name.equalsIgnoreCase("Transfer-Encoding")) continue;
            fields.add(name, f.value());
        }
        if (userAgent != null && !request.headers().contains("User-Agent")) fields.add("User-Agent", userAgent);
        Optional<RequestBody> body = request.body();
        if (body.isPresent()) {
            fields.add("Content-Length", Long.toString(body.get().length()));
        } else if (request.method().equals("PUT") || request.method().equals("POST")) {
            fields.add("Content-Length", "0");
        }
        RequestLine line = new RequestLine(request.method(), target.requestTarget(), HttpVersion.HTTP_1_1);
        MessageHeadWriter.write(out, line, fields.build());
        if (body.isPresent()) {
            long expected = body.get().length();
            long sent;
            try (InputStream source = body.get().open()) {
                sent = source.transferTo(out);
            }
            if (sent != expected) {
                throw new IOException("request body changed size while sending (" + sent + " of " + expected + " bytes)");
            }
        }
        out.flush();
    }

    /** Connections dialed so far: lower than the requests sent when keep-alive works. */
    public long openedConnections() {
        return pool.openedConnections();
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** HTTP/2 connections open now: many requests at once share one. */
    public int openHttp2Connections() {
        return h2.openConnections();
    }

    /** Closes the idle connections and the HTTP/2 ones; HTTP/1.1 responses still being read keep theirs until closed. */
    @Override
    public void close() {
        h2.close();
        pool.close();
    }

    /** A failure before the server said anything, on a connection that may have died in the pool. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(IOException cause) {
            super(cause);
        }

        IOException cause() {
            return (IOException) getCause();
        }
    }

    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(10);
        private int maxRedirects = 5;
        private long maxBodyBytes = 64L * 1024 * 1024;
        private String userAgent = USER_AGENT;
        private int maxIdlePerHost = 8;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private ConnectionPool.Dialer dialer = Connection::dial;
        private ClientTls tls;
        private boolean http2;
        private boolean http2PriorKnowledge;

        private Builder() {}

        /**
         * Offer HTTP/2 to https:// servers by ALPN (those that pick it get many requests on one connection);
         * with {@code priorKnowledge}, http:// URLs speak HTTP/2 from the first byte too (h2c), as
         * {@code curl --http2-prior-knowledge} does. Off by default: HTTP/1.1 only.
         */
        public Builder http2(boolean overTls, boolean priorKnowledge) {
            this.http2 = overTls || priorKnowledge;
            this.http2PriorKnowledge = priorKnowledge;
            return this;
        }

        /** Whom https:// servers must prove themselves to (default {@link ClientTls#systemDefault()}). */
        public Builder tls(ClientTls tls) {
            this.tls = Objects.requireNonNull(tls);
            return this;
        }

        /** How long to wait for TCP to connect (default 10 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        /** How long any single read may wait for the server (default 10 s). */
        public Builder readTimeout(Duration d) {
            this.readTimeout = positive(d, "readTimeout");
            return this;
        }

        /** Redirects to follow before giving up (default 5); 0 returns 3xx responses as they are. */
        public Builder maxRedirects(int n) {
            if (n < 0) throw new IllegalArgumentException("maxRedirects must be >= 0");
            this.maxRedirects = n;
            return this;
        }

        /** The largest body {@link HttpClient#send} will hold in memory (default 64 MiB). */
        public Builder maxBodyBytes(long n) {
            if (n < 0) throw new IllegalArgumentException("maxBodyBytes must be >= 0");
            this.maxBodyBytes = n;
            return this;
        }

        /** The User-Agent sent unless a request sets its own; null sends none. */
        public Builder userAgent(String agent) {
            this.userAgent = agent;
            return this;
        }

        /** Idle connections kept per host:port (default 8) and for how long (default 30 s). */
        public Builder keepAlive(int maxIdlePerHost, Duration idleTimeout) {
            if (maxIdlePerHost < 0) throw new IllegalArgumentException("maxIdlePerHost must be >= 0");
            this.maxIdlePerHost = maxIdlePerHost;
            this.idleTimeout = Objects.requireNonNull(idleTimeout);
            return this;
        }

        /** How new connections are opened (default {@link Connection#dial}). */
        public Builder dialer(ConnectionPool.Dialer dialer) {
            this.dialer = Objects.requireNonNull(dialer);
            return this;
        }

        public HttpClient build() {
            if (tls == null) tls = ClientTls.systemDefault();
            return new HttpClient(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive");
            return d;
        }
    }
}
