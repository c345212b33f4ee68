package connectivity.http.server;

import connectivity.http.BodyFraming;
import connectivity.http.ChunkedOutputStream;
import connectivity.http.Headers;
import connectivity.http.HttpDates;
import connectivity.http.HttpParseException;
import connectivity.http.HttpVersion;
import connectivity.http.MessageHeadReader;
import connectivity.http.RequestLine;
import connectivity.http.Status;
import connectivity.net.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
    private static final int FILE_CHUNK = 256 * 1024;
    /** Unread body left by a handler that we read and drop to keep the connection; more than this, we close. */
    private static final long DRAIN_LIMIT = 256 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final String[] STATUS_LINES = new String[600];

    static {
        for (int code = 100; code < 600; code++) STATUS_LINES[code] = "HTTP/1.1 " + code + " " + Status.reason(code) + "\r\n";
    }

    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int CLOSED = 2;

    private final HttpServer server;
    private final HttpServer.Config config;
    private final Connection connection;
    private final ServerInput in;
    private final ServerOutput out;
    private final MessageHeadReader reader;
    private final AtomicInteger state = new AtomicInteger(BUSY);

    HttpConnection(HttpServer server, Connection connection) throws IOException {
        this.server = server;
        this.config = server.config();
        this.connection = connection;
        // Our own lock-free buffers on the raw socket streams; the Connection's buffered streams stay unused.
        this.out = new ServerOutput(connection.socket().getOutputStream(), OUT_BUFFER);
        this.in = new ServerInput(connection.socket(), IN_BUFFER, out);
        this.reader = new MessageHeadReader(in);
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

        keepAlive = writeResponse(method, line.version(), response, keepAlive);
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

    /**
     * Writes the head and body; returns whether the connection stays open (a handler may ask to
     * close, and an HTTP/1.0 body of unknown length is delimited by closing).
     */
    private boolean writeResponse(String method, HttpVersion version, Response response, boolean keepAlive) throws IOException {
        int status = response.status();
        Response.Body body = response.body();
        Headers h = response.headers();
        boolean head = method.equals("HEAD");
        boolean noContent = Status.forbidsContent(status);
        boolean sendBody = !head && !noContent;
        long length = body.length();
        boolean chunked = false;
        String headContentLength = null;

        if (keepAlive && h.hasToken("Connection", "close")) keepAlive = false;
        if (!noContent && length < 0 && !head) {
            if (version == HttpVersion.HTTP_1_1) chunked = true;
            else keepAlive = false;
        }
        if (head && body instanceof Response.Empty) headContentLength = h.firstOrNull("Content-Length");

        out.resetCount();
        out.ascii(STATUS_LINES[status]);
        if (!h.contains("Date")) {
            out.ascii("Date: ");
            out.ascii(HttpDates.now());
            out.crlf();
        }
        if (!h.contains("Server")) out.ascii("Server: conn\r\n");
        for (int i = 0; i < h.size(); i++) {
            String name = h.name(i);
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                    || name.equalsIgnoreCase("Connection")) {
                continue;
            }
            out.ascii(name);
            out.write(':');
            out.write(' ');
            out.ascii(h.value(i));
            out.crlf();
        }
        if (!noContent) {
            if (headContentLength != null) {
                out.ascii("Content-Length: ");
                out.ascii(headContentLength);
                out.crlf();
            } else if (length >= 0) {
                out.ascii("Content-Length: ");
                out.decimal(length);
                out.crlf();
            } else if (chunked) {
                out.ascii("Transfer-Encoding: chunked\r\n");
            }
        }
        if (!keepAlive) out.ascii("Connection: close\r\n");
        else if (version == HttpVersion.HTTP_1_0) out.ascii("Connection: keep-alive\r\n");
        out.crlf();
        long headBytes = out.written();

        try {
            if (sendBody) writeBody(body, chunked);
        } finally {
            if (body instanceof Response.FileRegion f) closeQuietly(f.channel());
        }
        bodyBytes = out.written() - headBytes;
        // No flush here: the input flushes before it next waits on the socket, so the responses to
        // pipelined requests already buffered leave in one write.
        if (!keepAlive) out.flush();
        return keepAlive;
    }

    private long bodyBytes;

    private void writeBody(Response.Body body, boolean chunked) throws IOException {
        switch (body) {
            case Response.Empty e -> { }
            case Response.Bytes b -> out.write(b.data());
            case Response.FileRegion f -> writeFile(f);
            case Response.Streamed s -> {
                if (chunked) {
                    ChunkedOutputStream c = new ChunkedOutputStream(out);
                    s.writer().writeTo(c);
                    c.close();
                } else if (s.length() >= 0) {
                    ExactLengthOutputStream exact = new ExactLengthOutputStream(out, s.length());
                    s.writer().writeTo(exact);
                    exact.finish();
                } else {
                    s.writer().writeTo(out);
                }
            }
        }
    }

    private void writeFile(Response.FileRegion f) throws IOException {
        FileChannel channel = f.channel();
        long position = f.offset();
        long remaining = f.length();
        if (remaining <= out.room()) {
            // Small file: straight into the output buffer, so head and content leave in one write.
            ByteBuffer target = ByteBuffer.wrap(out.buffer(), out.position(), (int) remaining);
            while (target.hasRemaining()) {
                int n = channel.read(target, position);
                if (n < 0) throw new IOException("file shrank while being sent");
                position += n;
            }
            out.advance((int) remaining);
            return;
        }
        byte[] chunk = new byte[(int) Math.min(FILE_CHUNK, remaining)];
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(chunk.length, remaining));
            int n = channel.read(buffer, position);
            if (n < 0) throw new IOException("file shrank while being sent");
            out.write(chunk, 0, n);
            position += n;
            remaining -= n;
        }
    }

    /** Answers a request we cannot serve with a status and no further ado, then closes. */
    private boolean fail(int status, RequestLine line) {
        try {
            writeResponse(line == null ? "GET" : line.method(), HttpVersion.HTTP_1_1, Response.status(status), false);
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
        if (accessLog != null) accessLog.log(connection.remoteAddress(), line == null ? null : line.toString(), status, bodyBytes);
        bodyBytes = 0;
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // read-only channel: nothing lost
        }
    }

    /** Makes a streamed body with a declared length keep its word, so the framing stays right. */
    private static final class ExactLengthOutputStream extends OutputStream {
        private final OutputStream out;
        private long remaining;

        ExactLengthOutputStream(OutputStream out, long length) {
            this.out = out;
            this.remaining = length;
        }

        @Override
        public void write(int b) throws IOException {
            if (remaining <= 0) throw new IOException("body longer than its declared length");
            out.write(b);
            remaining--;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > remaining) throw new IOException("body longer than its declared length");
            out.write(b, off, len);
            remaining -= len;
        }

        void finish() throws IOException {
            if (remaining != 0) throw new IOException("body shorter than its declared length");
        }
    }
}
