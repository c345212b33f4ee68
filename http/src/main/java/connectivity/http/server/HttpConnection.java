package connectivity.http.server;

import connectivity.http.Status;
import connectivity.http.h2.H2Connection;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 connection loop on the connection's virtual thread: waits (idle timeout) for each
 * request, runs one {@link Http1Exchange} for it, and ends the connection as the exchange decided,
 * with a lingering close where unread request bytes could otherwise reset the response away.
 * It sees the socket only as a {@link Transport}.
 */
final class HttpConnection {
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);
    private static final int IN_BUFFER = 8 * 1024;
    private static final int OUT_BUFFER = 16 * 1024;

    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int CLOSED = 2;

    private final HttpServer server;
    private final Transport transport;
    private final ServerInput in;
    private final ServerOutput out;
    private final Http1Exchange exchange;
    private final AtomicInteger state = new AtomicInteger(BUSY);
    private volatile H2Connection h2;

    HttpConnection(HttpServer server, Transport transport) throws IOException {
        this.server = server;
        this.transport = transport;
        this.out = new ServerOutput(transport.output(), transport.fileSink(), OUT_BUFFER);
        this.in = new ServerInput(transport, IN_BUFFER);
        this.exchange = new Http1Exchange(server, in, out, transport.remoteAddress());
        in.idleTimeout(server.config().idleTimeoutMillis());
    }

    void serve() throws IOException {
        boolean first = true;
        while (true) {
            boolean ready = awaitRequest();
            if (ready && first && startsWithH2Preface()) {
                serveH2();
                return;
            }
            first = false;
            Http1Exchange.Outcome outcome = ready ? exchange.serve() : null;
            if (outcome == null || outcome == Http1Exchange.Outcome.CLOSE) return;
            if (outcome == Http1Exchange.Outcome.LINGER_CLOSE) {
                lingerAndClose();
                return;
            }
        }
    }

    /** HTTP/2 with prior knowledge (h2c): the connection opens with the preface instead of a request line. */
    private boolean startsWithH2Preface() throws IOException {
        in.deadline(System.nanoTime() + server.config().requestTimeoutNanos());
        try {
            return in.startsWith(H2Connection.PREFACE);
        } finally {
            in.deadline(0);
        }
    }

    /**
     * Runs the rest of this connection as HTTP/2 (the preface still unread): after the preface here, or
     * when TLS negotiated "h2" by ALPN. The server's write watchdog keeps working, since the frames go
     * through this connection's output; shutdown turns into a GOAWAY.
     */
    void serveH2() {
        in.useSocketTimeouts();
        H2Connection c = H2Bridge.connection(server, in, out, transport);
        h2 = c;
        if (server.closing()) c.shutdown();
        c.serve();
    }

    /** Called by the server's watchdog: a client that has not taken our bytes for this long is dropped. */
    void closeIfWriteStalled(long nanos) {
        if (out.writeStalledFor(nanos)) {
            log.debug("closing {}: client stopped reading", transport);
            transport.close();
        }
    }

    /** Called by the server's watchdog: a read blocked past the idle timeout or the request deadline times out. */
    void expireOverdueRead(long now) {
        in.expireOverdueRead(now);
    }

    /** Called by shutdown: an idle connection is closed now, a busy one finishes its request first. */
    void closeIfIdle() {
        H2Connection c = h2;
        if (c != null) {
            c.shutdown();
            return;
        }
        if (state.compareAndSet(IDLE, CLOSED)) transport.close();
    }

    /** Waits for the first byte of the next request; false when the connection should end. */
    private boolean awaitRequest() throws IOException {
        state.set(IDLE);
        if (server.closing()) return false;
        try {
            if (!in.await()) return false;
        } catch (SocketTimeoutException e) {
            if (state.compareAndSet(IDLE, BUSY) && exchange.refuse(Status.REQUEST_TIMEOUT, null) == Http1Exchange.Outcome.LINGER_CLOSE) {
                lingerAndClose();
            }
            return false;
        }
        return state.compareAndSet(IDLE, BUSY);
    }

    /**
     * Closing with unread request bytes in the socket makes the kernel send a reset, which can destroy
     * the response before the client reads it. So: send FIN, read and drop for a little while, then close.
     */
    private void lingerAndClose() {
        try {
            out.flush();
            transport.shutdownOutput();
            in.idleTimeout(1000);
            in.deadline(System.nanoTime() + 2_000_000_000L);
            byte[] scratch = new byte[8192];
            long budget = 1 << 20;
            while (budget > 0) {
                int n = in.read(scratch, 0, scratch.length);
                if (n < 0) break;
                budget -= n;
            }
        } catch (IOException e) {
            // Timed out or reset: either way we are done.
        }
        transport.close();
    }
}
