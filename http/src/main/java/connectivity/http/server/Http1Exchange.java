package connectivity.http.server;

import connectivity.http.BodyFraming;
import connectivity.http.Headers;
import connectivity.http.HttpParseException;
import connectivity.http.HttpVersion;
import connectivity.http.MessageHeadReader;
import connectivity.http.RequestLine;
import connectivity.http.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 (or 1.0) request and its response over a connection's buffered streams: reads the head
 * under the request deadline, checks it, frames the body, calls the handler, writes the response and
 * says whether the connection may carry another. It knows nothing of sockets: {@link HttpConnection}
 * owns the loop, the idle wait and the close. Any framing doubt (a malformed head, a body that failed,
 * a 100-continue we never sent) ends the connection after the response, because what follows on the
 * stream can no longer be trusted.
 */
final class Http1Exchange {
    /** Unread body left by a handler that we read and drop to keep the connection; more than this, we close. */
    private static final long DRAIN_LIMIT = 256 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /** What the connection does after an exchange. */
    enum Outcome {
        /** Read the next request. */
        KEEP_ALIVE,
        /** Close now (the peer is gone, or nothing unread can be pending). */
        CLOSE,
        /** Close after a lingering read, so unread request bytes do not reset the response away. */
        LINGER_CLOSE
    }

    private final HttpServer server;
    private final HttpServer.Config config;
    private final ServerInput in;
    private final ServerOutput out;
    private final MessageHeadReader reader;
    private final ResponseWriter writer;
    private final InetSocketAddress remote;

    Http1Exchange(HttpServer server, ServerInput in, ServerOutput out, InetSocketAddress remote) {
        this.server = server;
        this.config = server.config();
        this.in = in;
        this.out = out;
        this.reader = new MessageHeadReader(in);
        this.writer = new ResponseWriter(out);
        this.remote = remote;
    }

    /** Reads, handles and answers one request; the first byte of it should be buffered or on its way. */
    Outcome serve() throws IOException {
        RequestLine line = null;
        Headers headers;
        in.deadline(System.nanoTime() + config.requestTimeoutNanos());
        try {
            line = reader.readRequestLine();
            if (line == null) return Outcome.CLOSE;
            headers = reader.readHeaders();
        } catch (HttpParseException e) {
            return refuse(e.status(), line);
        } catch (SocketTimeoutException e) {
            return refuse(Status.REQUEST_TIMEOUT, line);
        } finally {
            in.deadline(0);
        }

        int refusal = RequestCheck.status(line, headers);
        if (refusal != 0) return refuse(refusal, line);
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
            return refuse(e.status(), line);
        }

        boolean keepAlive = RequestCheck.keepAlive(line, headers);

        Request request = new Request(method, target, path, Targets.rawQuery(target), headers, body, remote, line.version());
        Response response = config.routes().dispatch(request, () -> body.failure() != null);

        IOException bodyFailure = body.failure();
        if (bodyFailure != null) {
            // The handler met a broken body: answer its status if it is a protocol error, else just hang up.
            if (bodyFailure instanceof HttpParseException p) return refuse(p.status(), line);
            return Outcome.CLOSE;
        }
        if (!body.finished() && body.continueWithheld()) keepAlive = false;
        if (server.closing()) keepAlive = false;

        keepAlive = writer.write(method, line.version(), response, keepAlive);
        log(line, response.status());

        if (!keepAlive) return body.finished() ? Outcome.CLOSE : Outcome.LINGER_CLOSE; // written and flushed
        if (!body.finished()) {
            out.flush(); // the client may wait for this answer before it sends (or stops sending) the rest
            if (!body.drain(DRAIN_LIMIT)) return Outcome.CLOSE;
        }
        flushUnlessPipelined();
        return Outcome.KEEP_ALIVE;
    }

    /**
     * The one place a kept-alive response is flushed. While the next request's whole head is already
     * buffered, its response can join this one in a single write (pipelining at no cost per response);
     * otherwise the next read may wait on the client, who may be waiting for this response.
     * (A pipelined request whose body is still on its way does not wait for us: only 100-continue
     * does, and {@link #sendContinue} flushes.)
     */
    private void flushUnlessPipelined() throws IOException {
        if (!in.holdsRequestHead()) out.flush();
    }

    /**
     * Answers a request we cannot serve (or one that never came in time) with a status and no further
     * ado; the connection then closes, lingering.
     */
    Outcome refuse(int status, RequestLine line) {
        try {
            writer.write(line == null ? "GET" : line.method(), HttpVersion.HTTP_1_1, Response.status(status), false);
            log(line, status);
            return Outcome.LINGER_CLOSE;
        } catch (IOException e) {
            return Outcome.CLOSE; // the client is gone; nothing more to tell it
        }
    }

    private void sendContinue() throws IOException {
        out.write(CONTINUE);
        out.flush();
    }

    private void log(RequestLine line, int status) {
        AccessLog accessLog = config.accessLog();
        if (accessLog != null) accessLog.log(remote, line == null ? null : line.toString(), status, writer.lastBodyBytes());
    }
}
