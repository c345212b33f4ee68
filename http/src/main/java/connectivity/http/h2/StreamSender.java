package connectivity.http.h2;

import java.io.IOException;
import java.util.List;

/**
 * What a server stream sends: HEADERS in the peer's frame size, DATA within the stream's and the
 * connection's send windows. On a stream's own thread it waits (bounded) for window and queue room; on
 * the reader thread, which must never wait on the peer, it sends only what {@link #reserve} set aside.
 */
final class StreamSender {
    private final FrameWriter writer;
    private final Streams streams;
    private final PeerSettings peer;
    private final long timeoutNanos;
    private volatile Thread reader;

    StreamSender(FrameWriter writer, Streams streams, PeerSettings peer, long timeoutNanos) {
        this.writer = writer;
        this.streams = streams;
        this.peer = peer;
        this.timeoutNanos = timeoutNanos;
    }

    /** The connection's reader thread: what it sends must never wait. */
    void reader(Thread t) {
        this.reader = t;
    }

    /**
     * For the reader answering a stream itself: takes {@code bodyBytes} of both send windows if they are
     * open that far and the queue has room for them and a header block. False: nothing taken.
     */
    boolean reserve(H2Stream s, int bodyBytes) {
        // A header block's worth beyond the body: what a response head takes, well inside any sane cap.
        return writer.hasRoom(bodyBytes + 4096L) && streams.tryReserve(s, bodyBytes);
    }

    void sendHeaders(H2Stream s, List<HeaderField> fields, boolean endStream) throws IOException {
        if (streams.isReset(s)) throw new IOException("stream reset");
        peer.sendHeaders(s.id, fields, endStream, timeoutNanos, mayWait());
        if (endStream) streams.localEnded(s);
    }

    /** Sends body bytes as DATA frames, each within both send windows (waiting, bounded, for them to open). */
    void sendData(H2Stream s, byte[] b, int off, int len, boolean endStream) throws IOException {
        boolean mayWait = mayWait();
        do {
            int n = len == 0 ? 0 : streams.acquire(s, Math.min(len, peer.maxFrameSize()), mayWait);
            boolean last = n == len;
            writer.data(s.id, b, off, n, endStream && last, timeoutNanos, mayWait);
            off += n;
            len -= n;
        } while (len > 0);
        if (endStream) streams.localEnded(s);
    }

    /**
     * Sends a response's bytes as the whole body. Up to a frame's size within the windows, the array
     * is queued as it is (a response's bytes are not changed once it is built): no copy of its own.
     */
    void sendBytes(H2Stream s, byte[] bytes) throws IOException {
        if (bytes.length == 0 || bytes.length > peer.maxFrameSize()) {
            sendData(s, bytes, 0, bytes.length, true);
            return;
        }
        boolean mayWait = mayWait();
        int n = streams.acquire(s, bytes.length, mayWait);
        if (n < bytes.length) { // the windows are nearly shut: the rest follows as they open
            writer.data(s.id, bytes, 0, n, false, timeoutNanos, mayWait);
            sendData(s, bytes, n, bytes.length - n, true);
            return;
        }
        writer.dataOf(s.id, bytes, true, timeoutNanos, mayWait);
        streams.localEnded(s);
    }

    int dataFrameSize() {
        return peer.dataFrameSize();
    }

    private boolean mayWait() {
        return Thread.currentThread() != reader;
    }
}
