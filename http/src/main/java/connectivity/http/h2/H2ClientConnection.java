package connectivity.http.h2;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one HTTP/2 connection (RFC 9113): many requests at once, each on its own stream.
 * A virtual thread reads frames and hands each response to the stream waiting for it; the server's
 * {@link FrameWriter} serialises what goes out (its byte cap means a server that does not read ends the
 * connection instead of blocking our reader); {@link Streams} keeps the send windows; {@link ClientStreamTable}
 * the open streams under the server's concurrency limit. Push is refused in our SETTINGS.
 */
public final class H2ClientConnection implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(H2ClientConnection.class);

    private final InputStream in;
    private final FrameWriter writer;
    private final Runnable closer;
    private final String name;
    private final long timeoutNanos;
    private final HeaderBlockReader blocks = new HeaderBlockReader(new HpackDecoder(4096, H2ClientLimits.MAX_HEADER_LIST), H2ClientLimits.MAX_HEADER_BLOCK);
    private final Streams streams;
    private final ClientStreamTable table = new ClientStreamTable();
    private final PeerSettings peer;
    private volatile boolean closed;
    private final java.util.concurrent.CountDownLatch readerDone = new java.util.concurrent.CountDownLatch(1);

    // Reader thread only.
    private final ConnectionWindow recvWindow = new ConnectionWindow(H2ClientLimits.CONNECTION_WINDOW);

    /** A response head: the status and the regular fields (pseudo-headers removed), and the body still arriving. */
    public record Response(int status, List<HeaderField> fields, InputStream body) {}

    private H2ClientConnection(InputStream in, OutputStream out, Runnable closer, Duration timeout, String name) {
        this.in = in;
        this.writer = new FrameWriter(out, H2ClientLimits.MAX_QUEUED);
        this.closer = closer;
        this.name = name;
        this.timeoutNanos = timeout.toNanos();
        this.streams = new Streams(Integer.MAX_VALUE, timeoutNanos);
        this.peer = new PeerSettings(writer, streams);
    }

    /**
     * Starts HTTP/2 on a connection already chosen for it (ALPN "h2", or cleartext with prior knowledge):
     * sends the preface and our SETTINGS and starts reading. The input's read timeout is the idle timeout:
     * a connection without streams that stays silent that long is closed. {@code timeout} bounds each
     * wait of a request (for a stream slot, a window, the head, each body read).
     */
    public static H2ClientConnection start(InputStream in, OutputStream out, Runnable closer, Duration timeout, String name)
            throws IOException {
        H2ClientConnection c = new H2ClientConnection(in, out, closer, timeout, name);
        c.writer.start("h2-client-writer " + name);
        c.writer.raw(H2ClientLimits.preface(), c.timeoutNanos);
        Thread.ofVirtual().name("h2-client-reader " + name).start(c::readLoop);
        return c;
    }

    /** Whether a new request may go on this connection: not closed, no GOAWAY, under the server's stream limit. */
    public boolean acceptsStreams() {
        return !closed && table.acceptsStreams();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Sends one request (pseudo-headers first in {@code fields}) with an optional body of {@code length}
     * bytes, and waits for the response head. The response body is read from the result; closing it
     * early resets the stream. {@link H2RefusedException}: the request may be sent again elsewhere.
     */
    public Response exchange(List<HeaderField> fields, InputStream body, long length) throws IOException {
        boolean endStream = body == null || length == 0;
        ClientStream cs;
        try {
            cs = open(fields, endStream);
        } catch (H2RefusedException e) {
            throw e;
        } catch (IOException e) {
            // The write failed because the server went away: its reason, which the reader is about to
            // record, says more than "Broken pipe", and a request that never got out may go again.
            if (readerEnded()) throw new H2RefusedException(table.why(), false);
            throw e;
        }
        if (endStream) streams.localEnded(cs.stream);
        try {
            if (!endStream) sendBody(cs, body, length);
            return cs.awaitHead(timeoutNanos);
        } catch (IOException | RuntimeException e) {
            cancel(cs);
            throw e;
        }
    }

    /** Waits (briefly, bounded) for the reader to see the connection's end. */
    private boolean readerEnded() {
        try {
            return readerDone.await(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ClientStream open(List<HeaderField> fields, boolean endStream) throws IOException {
        return table.open(timeoutNanos, id -> {
            StreamBody responseBody = new StreamBody(Long.MAX_VALUE, timeoutNanos, n -> consumed(id, n), false);
            ClientStream opened = new ClientStream(this, streams.open(id, H2ClientLimits.STREAM_WINDOW, responseBody, false));
            try {
                peer.sendHeaders(id, fields, endStream, timeoutNanos, true);
            } catch (IOException e) {
                streams.forget(id);
                streams.releaseSlot(opened.stream);
                throw e;
            }
            return opened;
        });
    }

    private void sendBody(ClientStream cs, InputStream body, long length) throws IOException {
        H2Stream s = cs.stream;
        byte[] buf = new byte[peer.dataFrameSize()];
        long left = length;
        try {
            while (left > 0) {
                int n = body.readNBytes(buf, 0, (int) Math.min(buf.length, left));
                if (n == 0) throw new IOException("request body ended " + left + " bytes early");
                left -= n;
                for (int off = 0; off < n; ) {
                    int part = streams.acquire(s, Math.min(n - off, peer.maxFrameSize()), true);
                    byte[] data = Arrays.copyOfRange(buf, off, off + part);
                    off += part;
                    writer.stream(new Frame.Data(s.id, data, left == 0 && off == n), timeoutNanos);
                }
            }
            streams.localEnded(s);
        } catch (IOException e) {
            // A server may answer (413, 401, ...) and reset the upload; that answer is worth more than our failure.
            if (!cs.headArrived()) throw e;
        }
    }

    /** The caller read {@code n} body bytes: reopen the stream's window once half of it is used. */
    private void consumed(int id, int n) {
        int increment = streams.consumed(id, n, H2ClientLimits.STREAM_WINDOW);
        if (increment > 0) control(new Frame.WindowUpdate(id, increment));
    }

    /** The caller gave up on a stream (closed its body early, timed out): reset it unless it is over. */
    void cancel(ClientStream cs) {
        if (table.remove(cs.stream.id) == null) return;
        if (!closed) control(new Frame.RstStream(cs.stream.id, ErrorCode.CANCEL.code()));
        drop(cs, new IOException("stream cancelled"));
    }

    /** A stream taken out of the table before its end: forget it and fail whoever waits on it. */
    private void drop(ClientStream cs, IOException why) {
        streams.forget(cs.stream.id);
        streams.releaseSlot(cs.stream);
        cs.fail(why);
    }

    /**
     * Queues a frame the connection owes the server (an ACK, a window, a reset). A full queue means the
     * server stopped reading: the connection ends. A writer that already failed needs nothing more: the
     * socket is gone, and the reader ends the connection with the reason it sees.
     */
    private void control(Frame f) {
        try {
            writer.control(f);
        } catch (H2Exception full) {
            shutdown("the server does not read what we send");
        } catch (IOException gone) {
            // see above
        }
    }

    private void readLoop() {
        try {
            for (Frame f = firstFrame(); f != null; f = nextFrame()) {
                try {
                    onFrame(f);
                } catch (H2Exception e) {
                    if (e.connectionError()) throw e;
                    resetStream(e);
                }
            }
            end(closed ? table.why() : "connection closed by the server");
        } catch (H2Exception e) {
            log.debug("{}: {} ({})", name, e.getMessage(), e.code());
            control(new Frame.GoAway(0, e.code().code(), e.getMessage().getBytes(StandardCharsets.UTF_8)));
            end("HTTP/2 connection error: " + e.getMessage());
        } catch (IOException e) {
            end(closed ? table.why() : "connection lost: " + e.getMessage());
        } catch (RuntimeException e) {
            log.debug("{}: {}", name, e.toString(), e);
            end("internal error: " + e);
        }
    }

    /** The server's preface must be SETTINGS (RFC 9113 3.4); anything else is most likely not HTTP/2 at all. */
    private Frame firstFrame() throws IOException {
        Frame f;
        try {
            f = nextFrame();
        } catch (H2Exception e) {
            f = null;
        }
        if (f == null && !closed || f != null && !(f instanceof Frame.Settings s && !s.ack())) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR,
                    "the server did not answer in HTTP/2 (no SETTINGS frame first: does it speak h2c?)");
        }
        return f;
    }

    private Frame nextFrame() throws IOException {
        while (!closed) {
            try {
                return FrameCodec.read(in, FrameCodec.DEFAULT_MAX_FRAME_SIZE);
            } catch (SocketTimeoutException e) {
                if (table.inFlight() == 0) {
                    // Idle: servers close quiet connections too, and the next request would dial again.
                    control(new Frame.GoAway(0, ErrorCode.NO_ERROR.code(), new byte[0]));
                    return null;
                } // else the streams' own deadlines apply
            } catch (EOFException e) {
                return null;
            }
        }
        return null;
    }

    private void onFrame(Frame f) throws IOException {
        if (blocks.pending() != 0 && !(f instanceof Frame.Continuation)) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "expected CONTINUATION of stream " + blocks.pending());
        }
        switch (f) {
            case Frame.Data d -> onData(d);
            case Frame.Headers h -> {
                int id = h.streamId();
                if (id % 2 == 0 || id > table.lastOpened()) {
                    throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "HEADERS on stream " + id + " we never opened");
                }
                onHeaderBlock(blocks.start(h));
            }
            case Frame.Continuation c -> onHeaderBlock(blocks.continuation(c));
            case Frame.RstStream r -> onReset(r);
            case Frame.Settings s -> onSettings(s);
            case Frame.PushPromise p -> throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE though push is off");
            case Frame.Ping p -> {
                if (!p.ack()) control(new Frame.Ping(true, p.data()));
            }
            case Frame.GoAway g -> onGoAway(g);
            case Frame.WindowUpdate w -> streams.windowUpdate(w.streamId(), w.increment(), table.lastOpened());
            case Frame.Priority p -> { }
            case Frame.Unknown u -> { }
        }
    }

    private void onData(Frame.Data d) throws IOException {
        int length = d.flowControlled();
        int increment = recvWindow.receive(length);
        if (increment > 0) control(new Frame.WindowUpdate(0, increment));
        ClientStream cs = table.get(d.streamId());
        if (cs == null) {
            if (d.streamId() > table.lastOpened()) {
                throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "DATA on idle stream " + d.streamId());
            }
            return; // a stream we cancelled: its frames in flight are dropped
        }
        if (!cs.headArrived()) throw H2Exception.stream(d.streamId(), ErrorCode.PROTOCOL_ERROR, "DATA before the response head");
        streams.receive(cs.stream, length, length - d.data().length);
        cs.stream.body.offer(d.data());
        if (d.endStream()) remoteEnded(cs);
    }

    private void onHeaderBlock(HeaderBlockReader.Block b) throws IOException {
        if (b == null) return; // CONTINUATION follows
        int id = b.streamId();
        if (b.fields() == null) {
            throw H2Exception.stream(id, ErrorCode.PROTOCOL_ERROR, "response header list over " + H2ClientLimits.MAX_HEADER_LIST + " bytes");
        }
        ClientStream cs = table.get(id);
        if (cs == null) return; // cancelled by us: decoded only to keep HPACK in step
        if (cs.headArrived()) { // trailers: the stream's end; their fields are not passed on
            if (!b.endStream()) throw H2Exception.stream(id, ErrorCode.PROTOCOL_ERROR, "trailers without END_STREAM");
            remoteEnded(cs);
            return;
        }
        ResponseFields head = ResponseFields.of(id, b.fields());
        if (head.status() < 200) {
            if (b.endStream()) throw H2Exception.stream(id, ErrorCode.PROTOCOL_ERROR, "END_STREAM on an interim response");
            return; // 100 Continue, 103 Early Hints: the real answer follows
        }
        cs.head(new Response(head.status(), head.fields(), cs.body()));
        if (b.endStream()) remoteEnded(cs);
    }

    private void onReset(Frame.RstStream r) throws IOException {
        int id = r.streamId();
        if (id > table.lastOpened()) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on idle stream " + id);
        ClientStream cs = table.remove(id);
        if (cs == null) return;
        if (r.errorCode() == ErrorCode.NO_ERROR.code() && cs.headArrived()) {
            // The server answered and wants no more of our body (RFC 9113 8.1): the response stands.
            streams.forget(id);
            streams.releaseSlot(cs.stream);
            cs.stream.body.end();
        } else if (r.errorCode() == ErrorCode.REFUSED_STREAM.code()) {
            drop(cs, new H2RefusedException("the server refused the stream", true));
        } else {
            drop(cs, new IOException("stream reset by the server: " + ErrorCode.nameOf(r.errorCode())));
        }
    }

    private void onSettings(Frame.Settings s) throws IOException {
        if (s.ack()) return;
        peer.apply(s.settings(), setting -> {
            switch (setting.id()) {
                case Frame.Setting.MAX_CONCURRENT_STREAMS -> table.peerMaxConcurrent(setting.value());
                case Frame.Setting.ENABLE_PUSH -> {
                    if (setting.value() != 0) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "a server may not enable push");
                }
                default -> { }
            }
        });
        control(Frame.Settings.ACK);
    }

    /** Streams above the server's last one were never processed: refused, so they may go again elsewhere. */
    private void onGoAway(Frame.GoAway g) {
        String why = "the server sent GOAWAY " + ErrorCode.nameOf(g.errorCode());
        for (ClientStream cs : table.goAway(g.lastStreamId(), why)) drop(cs, new H2RefusedException(why, true));
        if (table.inFlight() == 0) shutdown(why);
    }

    private void resetStream(H2Exception e) {
        control(new Frame.RstStream(e.streamId(), e.code().code()));
        ClientStream cs = table.remove(e.streamId());
        if (cs != null) drop(cs, e);
    }

    private void remoteEnded(ClientStream cs) {
        cs.stream.body.end();
        streams.remoteEnded(cs.stream);
        if (table.remove(cs.stream.id) == null) return;
        if (cs.stream.state != H2Stream.State.CLOSED) {
            // The server answered before our body was all sent: the upload is over (RFC 9113 8.1).
            control(new Frame.RstStream(cs.stream.id, ErrorCode.CANCEL.code()));
            streams.forget(cs.stream.id);
        }
        streams.releaseSlot(cs.stream);
        if (table.goingAway() && table.inFlight() == 0) shutdown(table.why());
    }

    /** The connection is over: streams without an answer may be retried (idempotent ones), the others fail. */
    private void end(String why) {
        closed = true;
        List<ClientStream> left = table.closeAll(why);
        readerDone.countDown();
        for (ClientStream cs : left) {
            drop(cs, cs.headArrived() ? new IOException(why) : new H2RefusedException(why, false));
        }
        streams.closeAll();
        writer.finish(1000);
        writer.close();
        closer.run();
    }

    private void shutdown(String why) {
        table.closeAll(why).forEach(cs -> drop(cs, new IOException(why)));
        closed = true;
        writer.finish(1000);
        closer.run(); // the reader then sees the socket closed and ends
    }

    /** Says goodbye (GOAWAY) and closes; requests in flight fail. */
    @Override
    public void close() {
        if (closed) return;
        control(new Frame.GoAway(0, ErrorCode.NO_ERROR.code(), new byte[0]));
        shutdown("connection closed by the client");
    }
}
