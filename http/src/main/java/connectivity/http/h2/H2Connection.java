package connectivity.http.h2;

import connectivity.http.HttpParseException;
import connectivity.http.server.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one HTTP/2 connection (RFC 9113). The calling thread reads frames; each request
 * runs on its own virtual thread, except that a quick handler's request without a body is answered by
 * the reader itself when its response can go out without waiting on the peer (no thread hand-off);
 * a {@link FrameWriter} serialises what goes out, a batch of frames at a time. Entered after the
 * connection was chosen as HTTP/2 (cleartext with the preface, or TLS with ALPN "h2"); it reads the
 * client preface itself. The input should carry a read timeout (the idle timeout): a silent connection
 * without streams then ends with GOAWAY.
 */
public final class H2Connection {
    /** The client connection preface (RFC 9113 3.4). */
    public static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Logger log = LoggerFactory.getLogger(H2Connection.class);
    private static final int DEFAULT_WINDOW = Streams.DEFAULT_WINDOW;

    private final PushbackInputStream in;
    private final FrameWriter writer;
    private final Runnable closer;
    private final H2Exchange exchange;
    private final H2Config config;
    private final String name;
    private final FloodGuard flood;
    private final long timeoutNanos;

    private final Streams streams;
    private final PeerSettings peer;
    private final StreamSender sender;
    private volatile int lastStreamId;
    private volatile boolean goingAway;
    private volatile boolean closed;

    // Reader thread only.
    private final ConnectionWindow recvWindow;
    private final HeaderBlockReader blocks;

    public H2Connection(InputStream in, OutputStream out, Runnable closer, H2Exchange exchange, H2Config config, String name) {
        this.writer = new FrameWriter(out, config.maxQueuedBytes());
        this.in = new PushbackInputStream(new BatchingInput(in, writer), 1);
        this.closer = closer;
        this.exchange = exchange;
        this.config = config;
        this.name = name;
        this.blocks = new HeaderBlockReader(new HpackDecoder(config.headerTableSize(), config.maxHeaderListSize()),
                config.maxHeaderBlockBytes());
        this.flood = FloodGuard.of(config);
        this.timeoutNanos = config.idleTimeout().toNanos();
        this.recvWindow = new ConnectionWindow(config.connectionWindow());
        this.streams = new Streams(config.maxConcurrentStreams(), timeoutNanos);
        this.peer = new PeerSettings(writer, streams);
        this.sender = new StreamSender(writer, streams, peer, timeoutNanos);
    }

    /** Runs the connection until it ends; the transport is closed on return. */
    public void serve() {
        writer.start("h2-writer " + name);
        sender.reader(Thread.currentThread());
        try {
            byte[] preface = in.readNBytes(PREFACE.length);
            if (!Arrays.equals(preface, PREFACE)) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "no connection preface");
            writer.control(config.settings());
            int extra = config.connectionWindow() - DEFAULT_WINDOW;
            if (extra > 0) writer.control(new Frame.WindowUpdate(0, extra));
            boolean first = true;
            for (Frame f = nextFrame(); f != null; f = nextFrame()) {
                if (first && !(f instanceof Frame.Settings s && !s.ack())) {
                    throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "the client preface must end with SETTINGS");
                }
                first = false;
                try {
                    onFrame(f);
                } catch (H2Exception e) {
                    if (e.connectionError()) throw e;
                    resetStream(e.streamId(), e.code());
                }
            }
        } catch (H2Exception e) {
            log.debug("{}: {} ({})", name, e.getMessage(), e.code());
            goAway(e.code(), e.getMessage());
        } catch (IOException e) {
            log.debug("{}: {}", name, e.toString()); // the peer went away or broke off a frame
        } finally {
            end();
        }
    }

    /** Graceful shutdown: GOAWAY now, streams already open finish, then the connection closes. */
    public void shutdown() {
        goAway(ErrorCode.NO_ERROR, "shutting down");
        closeIfDrained();
    }

    /** The most bytes of frames ever queued for the peer at once (the bound a peer that does not read meets). */
    long peakQueuedBytes() {
        return writer.peakQueuedBytes();
    }

    private Frame nextFrame() throws IOException {
        while (!closed) {
            try {
                int b = in.read();
                if (b < 0) return null;
                in.unread(b);
                Frame f = FrameCodec.read(in, config.maxFrameSize());
                writer.hold(); // what this frame and the buffered ones after it make us send leaves together
                return f;
            } catch (SocketTimeoutException e) {
                if (streams.slotsInUse() == 0) {
                    goAway(ErrorCode.NO_ERROR, "idle");
                    return null;
                }
                // Streams are busy: their own deadlines apply, and the peer may well be waiting on them.
            } catch (H2Exception e) {
                if (e.connectionError()) throw e;
                resetStream(e.streamId(), e.code()); // the frame was read whole, so framing is intact
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
            case Frame.Headers h -> onHeaders(h);
            case Frame.Continuation c -> onContinuation(c);
            case Frame.Priority p -> calm(FloodGuard.Kind.CONTROL);
            case Frame.RstStream r -> onReset(r);
            case Frame.Settings s -> onSettings(s);
            case Frame.PushPromise p -> throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE from a client");
            case Frame.Ping p -> {
                calm(FloodGuard.Kind.CONTROL);
                if (!p.ack()) writer.control(new Frame.Ping(true, p.data()));
            }
            case Frame.GoAway g -> log.debug("{}: peer sent GOAWAY {}", name, ErrorCode.nameOf(g.errorCode()));
            case Frame.WindowUpdate w -> onWindowUpdate(w);
            case Frame.Unknown u -> calm(FloodGuard.Kind.EMPTY);
        }
    }

    private void calm(FloodGuard.Kind kind) throws H2Exception {
        if (!flood.allow(kind)) throw H2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "too many " + kind + " frames");
    }

    private void onHeaders(Frame.Headers h) throws IOException {
        int id = h.streamId();
        if (streams.get(id) == null && !streams.recentlyReset(id)) {
            if (id % 2 == 0) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "even stream id " + id + " from a client");
            if (id <= lastStreamId) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "stream id " + id + " reused or decreasing");
            lastStreamId = id;
        }
        onBlockPart(blocks.start(h), h.block().length);
    }

    private void onContinuation(Frame.Continuation c) throws IOException {
        onBlockPart(blocks.continuation(c), c.block().length);
    }

    private void onBlockPart(HeaderBlockReader.Block block, int added) throws IOException {
        if (block != null) headerBlockDone(block);
        else if (added == 0) calm(FloodGuard.Kind.EMPTY); // an empty CONTINUATION that does not end the block
    }

    private void headerBlockDone(HeaderBlockReader.Block block) throws IOException {
        int id = block.streamId();
        boolean endStream = block.endStream();
        List<HeaderField> fields = block.fields();
        H2Stream s = streams.get(id);
        if (s != null) { // trailers: checked, then the handler's Request.trailers() once the body ended
            if (!s.remoteOpen()) throw H2Exception.stream(id, ErrorCode.STREAM_CLOSED, "HEADERS after END_STREAM");
            if (!endStream) throw H2Exception.stream(id, ErrorCode.PROTOCOL_ERROR, "trailers without END_STREAM");
            if (fields == null) throw H2Exception.stream(id, ErrorCode.PROTOCOL_ERROR, "trailers too large");
            s.body.trailers(RequestHead.trailers(id, fields));
            remoteEnded(s);
            return;
        }
        if (streams.recentlyReset(id)) return; // in flight when we reset it; decoded only to keep HPACK in step
        if (goingAway) {
            writer.control(new Frame.RstStream(id, ErrorCode.REFUSED_STREAM.code()));
            return;
        }
        Response fixed = null;
        RequestHead head;
        if (fields == null) {
            head = new RequestHead("GET", "/", connectivity.http.Headers.EMPTY);
            fixed = Response.status(431);
        } else {
            head = RequestHead.of(id, fields);
        }
        if (head.method().equals("CONNECT")) fixed = Response.status(405);
        StreamBody body = new StreamBody(config.maxBodyBytes(), timeoutNanos, n -> consumed(id, n), endStream);
        H2Stream stream = streams.open(id, config.initialWindowSize(), body, endStream);
        if (fixed == null && endStream && exchange.quick(head.method(), head.target())) {
            fixed = answerNow(stream, head);
            if (fixed == null) return;
        }
        Response answer = fixed;
        Thread.ofVirtual().name("h2-stream " + id + " " + name).start(() -> runStream(stream, head, answer));
    }

    /**
     * Runs a quick handler on the reader (the request has no body to wait for) and sends its response
     * here too when nothing in it can wait on the peer; null when done, else the response for a stream
     * thread to send.
     */
    private Response answerNow(H2Stream s, RequestHead head) {
        try {
            Response r = exchange.exchange(head.method(), head.target(), head.headers(), s.body, () -> false);
            if (!ResponseSender.sendNow(sender, s, head.method(), r)) return r;
        } catch (IOException | RuntimeException e) {
            failed(s, e);
        }
        releaseSlot(s);
        return null;
    }

    private void runStream(H2Stream s, RequestHead head, Response fixed) {
        try {
            Response r = fixed != null ? fixed
                    : exchange.exchange(head.method(), head.target(), head.headers(), s.body, () -> s.body.failure() != null);
            IOException bodyFailure = s.body.failure();
            if (bodyFailure instanceof HttpParseException p) r = Response.status(p.status());
            else if (bodyFailure != null) throw bodyFailure;
            ResponseSender.send(sender, s, head.method(), r);
            if (!s.body.finished() && discardRest(s)) return;
        } catch (IOException | RuntimeException e) {
            failed(s, e);
        }
        releaseSlot(s);
    }

    private void failed(H2Stream s, Exception e) {
        if (!streams.isReset(s) && !closed) {
            log.debug("{} stream {}: {}", name, s.id, e.toString());
            resetStream(s.id, ErrorCode.INTERNAL_ERROR);
        }
    }

    /**
     * The answer is complete but the peer is still sending. RFC 9113 8.1 lets us stop it with
     * RST_STREAM(NO_ERROR); sent at once, some clients (curl 7.88) drop the response they were still
     * reading, so it goes out when the next DATA arrives. Meanwhile the body is dropped, and the stream
     * keeps its slot, so a peer cannot pile such streams up. True if the stream is left discarding.
     */
    private boolean discardRest(H2Stream s) {
        s.body.fail(new IOException("response sent; the rest of the body is dropped"));
        return streams.startDiscarding(s);
    }

    private void releaseSlot(H2Stream s) {
        if (streams.releaseSlot(s)) closeIfDrained();
    }

    private void onData(Frame.Data d) throws IOException {
        int length = d.flowControlled();
        int increment = recvWindow.receive(length);
        if (increment > 0) writer.control(new Frame.WindowUpdate(0, increment));
        if (d.data().length == 0 && !d.endStream()) calm(FloodGuard.Kind.EMPTY);
        int id = d.streamId();
        H2Stream s = streams.get(id);
        if (s == null) {
            if (id > lastStreamId) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "DATA on idle stream " + id);
            if (streams.recentlyReset(id)) return;
            throw H2Exception.stream(id, ErrorCode.STREAM_CLOSED, "DATA on closed stream " + id);
        }
        if (s.discarding) {
            if (d.endStream()) remoteEnded(s);
            else resetStream(id, ErrorCode.NO_ERROR);
            return;
        }
        streams.receive(s, length, length - d.data().length);
        s.body.offer(d.data());
        if (d.endStream()) remoteEnded(s);
    }

    /** A handler read body bytes: reopen the stream's window once half of it is used. */
    private void consumed(int id, int n) {
        int increment = streams.consumed(id, n, config.initialWindowSize());
        if (increment > 0) {
            try {
                writer.control(new Frame.WindowUpdate(id, increment));
            } catch (IOException e) {
                closer.run();
            }
        }
    }

    private void onReset(Frame.RstStream r) throws IOException {
        int id = r.streamId();
        if (id > lastStreamId) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on idle stream " + id);
        calm(FloodGuard.Kind.RESET);
        forget(id, new IOException("stream reset by the peer: " + ErrorCode.nameOf(r.errorCode())));
    }

    private void onSettings(Frame.Settings s) throws IOException {
        calm(FloodGuard.Kind.CONTROL);
        if (s.ack()) return;
        // Push is off anyway; the peer's stream limit concerns streams we would open.
        peer.apply(s.settings(), other -> { });
        writer.control(Frame.Settings.ACK);
    }

    private void onWindowUpdate(Frame.WindowUpdate w) throws IOException {
        streams.windowUpdate(w.streamId(), w.increment(), lastStreamId);
    }

    private void resetStream(int id, ErrorCode code) {
        try {
            writer.control(new Frame.RstStream(id, code.code()));
        } catch (IOException e) {
            closer.run(); // the peer does not read: nothing more to tell it
        }
        forget(id, new IOException("stream reset: " + code));
    }

    private void forget(int id, IOException why) {
        H2Stream s = streams.forget(id);
        if (s != null) {
            s.body.fail(why);
            if (s.discarding) releaseSlot(s);
        }
    }

    private void remoteEnded(H2Stream s) {
        s.body.end();
        streams.remoteEnded(s);
        if (s.discarding) releaseSlot(s);
    }

    private void goAway(ErrorCode code, String why) {
        if (goingAway && code == ErrorCode.NO_ERROR) return;
        goingAway = true;
        byte[] debug = code == ErrorCode.NO_ERROR ? new byte[0] : why.getBytes(StandardCharsets.UTF_8);
        try {
            writer.control(new Frame.GoAway(lastStreamId, code.code(), debug));
        } catch (IOException e) {
            closer.run();
        }
        if (code != ErrorCode.NO_ERROR) closed = true;
    }

    /** After GOAWAY, the last stream's end closes the connection. */
    private void closeIfDrained() {
        if (goingAway && streams.slotsInUse() == 0) {
            writer.finish(TimeUnit.SECONDS.toMillis(2));
            closer.run();
        }
    }

    private void end() {
        closed = true;
        for (H2Stream s : streams.closeAll()) s.body.fail(new IOException("connection closed"));
        writer.finish(TimeUnit.SECONDS.toMillis(2));
        writer.close();
        closer.run();
    }
}
