package connectivity.http.server;

import connectivity.http.BodyFraming;
import connectivity.http.Headers;
import connectivity.http.HttpParseException;
import connectivity.http.HttpVersion;
import connectivity.http.MessageHeadReader;
import connectivity.http.RequestLine;
import connectivity.http.Status;
import connectivity.net.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests of one connection, one after another, on the connection's virtual thread.
 * Any framing doubt (a malformed head, a body that failed, a 100-continue we never sent) ends the
 * connection after the response, because what follows on the stream can no longer be trusted.
 */
final class HttpConnection {
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);
    private static final int IN_BUFFER = 8 * 1024;
    private static final int OUT_BUFFER = 16 * 1024;
    /** Unread body left by a handler that we read and drop to keep the connection; more than this, we close. */
    private static final long DRAIN_LIMIT = 256 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int CLOSED = 2;

    private final HttpServer server;
    private final HttpServer.Config config;
    private final Connection connection;
    private final ServerInput in;
    private final ServerOutput out;
    private final MessageHeadReader reader;
    private final ResponseWriter writer;
    private final AtomicInteger state = new AtomicInteger(BUSY);

    HttpConnection(HttpServer server, Connection connection) throws IOException {
        this.server = server;
        this.config = server.config();
        this.connection = connection;
        // Our own lock-free buffers on the raw socket streams; the Connection's buffered streams stay unused.
        this.out = new ServerOutput(connection.socket().getOutputStream(), OUT_BUFFER);
        this.in = new ServerInput(connection.socket(), IN_BUFFER, out);
        this.reader = new MessageHeadReader(in);
        this.writer = new ResponseWriter(out);
        in.idleTimeout(config.idleTimeoutMillis());
    }

    void serve() throws IOException {
        while (awaitRequest()) {
            if (!serveOne()) return;
        }
    }

    /** Called by the server's watchdog: a client that has not taken our bytes for this long is dropped. */
    void closeIfWriteStalled(long nanos) {
        if (out.writeStalledFor(nanos)) {
            log.debug("closing {}: client stopped reading", connection);
            connection.close();
        }
    }

    /** Called by shutdown: an idle connection is closed now, a busy one finishes its request first. */
    void closeIfIdle() {
        if (state.compareAndSet(IDLE, CLOSED)) connection.close();
    }

    /** Waits for the first byte of the next request; false when the connection should end. */
    private boolean awaitRequest() throws IOException {
        state.set(IDLE);
        if (server.closing()) return false;
        try {
            if (!in.await()) return false;
        } catch (SocketTimeoutException e) {
            if (state.compareAndSet(IDLE, BUSY)) fail(Status.REQUEST_TIMEOUT, null);
            return false;
        }
        return state.compareAndSet(IDLE, BUSY);
    }

    /** Reads, handles and answers one request; true if the connection may carry another. */
    private boolean serveOne() throws IOException {
        RequestLine line = null;
        Headers headers;
        in.deadline(System.nanoTime() + config.requestTimeoutNanos());
        try {
            line = reader.readRequestLine();
            if (line == null) return false;
            headers = reader.readHeaders();
        } catch (HttpParseException e) {
            return fail(e.status(), line);
        } catch (SocketTimeoutException e) {
            return fail(Status.REQUEST_TIMEOUT, line);
        } finally {
            in.deadline(0);
        }

        int refusal = RequestCheck.status(line, headers);
        if (refusal != 0) return fail(refusal, line);
        String method = line.method();
        String target = line.target();
        boolean expectContinue = RequestCheck.expectsContinue(line, headers);

        IncomingBody body;
        String path;
        try {
            BodyFraming framing = BodyFraming.ofRequest(headers);
            InputStream raw = framing.open(in, config.maxBodyBytes());
            body = new IncomingBody(raw, expectContinue ? this::sendContinue : null, framing.kind() == BodyFraming.Kind.NONE);
            path = target.equals("*") ? "*" : Targets.decodePath(Targets.rawPath(target));
        } catch (HttpParseException e) {
            return fail(e.status(), line);
        }

        boolean keepAlive = RequestCheck.keepAlive(line, headers);

        Request request = new Request(method, target, path, Targets.rawQuery(target), headers, body,
                connection.remoteAddress(), line.version());
        Response response = dispatch(request, path, body);

        IOException bodyFailure = body.failure();
        if (bodyFailure != null) {
            // The handler met a broken body: answer its status if it is a protocol error, else just hang up.
            if (bodyFailure instanceof HttpParseException p) return fail(p.status(), line);
            return false;
        }
        if (!body.finished() && body.continueWithheld()) keepAlive = false;
        if (server.closing()) keepAlive = false;

        keepAlive = writer.write(method, line.version(), response, keepAlive);
        log(line, response.status());

        if (!keepAlive) {
            if (!body.finished()) lingerAndClose();
            return false;
        }
        return body.finished() || body.drain(DRAIN_LIMIT);
    }

    private Response dispatch(Request request, String path, IncomingBody body) {
        if (path.equals("*")) return Response.empty(Status.OK);
        Handler handler = server.route(path);
        if (handler == null) return Response.status(Status.NOT_FOUND);
        try {
            Response response = handler.handle(request);
            if (response != null) return response;
            log.warn("handler for {} returned no response", path);
        } catch (Exception e) {
            if (body.failure() == null) log.warn("handler for {} {} failed", request.method(), path, e);
        }
        return Response.status(Status.INTERNAL_SERVER_ERROR);
    }

    private void sendContinue() throws IOException {
        out.write(CONTINUE);
        out.flush();
    }

    /** Answers a request we cannot serve with a status and no further ado, then closes. */
    private boolean fail(int status, RequestLine line) {
        try {
            writer.write(line == null ? "GET" : line.method(), HttpVersion.HTTP_1_1, Response.status(status), false);
            log(line, status);
            lingerAndClose();
        } catch (IOException e) {
            // The client is gone; nothing more to tell it.
        }
        return false;
    }

    /**
     * Closing with unread request bytes in the socket makes the kernel send a reset, which can destroy
     * the response before the client reads it. So: send FIN, read and drop for a little while, then close.
     */
    private void lingerAndClose() {
        try {
            out.flush();
            connection.socket().shutdownOutput();
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
        connection.close();
    }

    private void log(RequestLine line, int status) {
        AccessLog accessLog = config.accessLog();
        if (accessLog != null) accessLog.log(connection.remoteAddress(), line == null ? null : line.toString(), status, writer.lastBodyBytes());
    }

}
