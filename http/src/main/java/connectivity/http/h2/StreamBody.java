package connectivity.http.h2;

import connectivity.http.HttpParseException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * A request body as the handler reads it: DATA payloads the reader thread hands over, at most one
 * stream window of them (the peer may send no more), read on the stream's thread. Each read waits at
 * most the idle timeout. What the handler consumes is reported so the stream's window can reopen.
 */
final class StreamBody extends InputStream implements connectivity.http.TrailerSource {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final long maxBytes;
    private final long timeoutNanos;
    private final IntConsumer consumed;
    private int headOffset;
    private long received;
    private boolean ended;
    private boolean finished;
    private IOException failure;
    private volatile connectivity.http.Headers trailers = connectivity.http.Headers.EMPTY;

    StreamBody(long maxBytes, long timeoutNanos, IntConsumer consumed, boolean empty) {
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutNanos;
        this.consumed = consumed;
        this.ended = empty;
        this.finished = empty;
    }

    /** Reader thread: more of the body. */
    void offer(byte[] data) {
        lock.lock();
        try {
            if (failure != null || ended) return;
            received += data.length;
            if (received > maxBytes) {
                failure = new HttpParseException(413, "request body larger than " + maxBytes + " bytes");
                chunks.clear();
            } else if (data.length > 0) {
                chunks.add(data);
            }
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reader thread: END_STREAM seen. */
    void end() {
        lock.lock();
        try {
            ended = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reader thread: the trailers that end the body (before {@link #end()}). */
    void trailers(connectivity.http.Headers fields) {
        trailers = fields;
    }

    @Override
    public connectivity.http.Headers trailers() {
        return finished() ? trailers : connectivity.http.Headers.EMPTY;
    }

    /** The stream was reset or the connection ended before the body did. */
    void fail(IOException e) {
        lock.lock();
        try {
            if (failure == null && !finished) failure = e;
            chunks.clear();
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        int n;
        lock.lock();
        try {
            long wait = timeoutNanos;
            while (chunks.isEmpty() && failure == null && !ended) {
                if (wait <= 0) {
                    failure = new SocketTimeoutException("body not received in time");
                    break;
                }
                wait = readable.awaitNanos(wait);
            }
            if (failure != null) throw failure;
            if (chunks.isEmpty()) {
                finished = true;
                return -1;
            }
            byte[] head = chunks.peek();
            n = Math.min(len, head.length - headOffset);
            System.arraycopy(head, headOffset, b, off, n);
            headOffset += n;
            if (headOffset == head.length) {
                chunks.poll();
                headOffset = 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            lock.unlock();
        }
        consumed.accept(n);
        return n;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            int n = 0;
            for (byte[] c : chunks) n += c.length;
            return n - headOffset;
        } finally {
            lock.unlock();
        }
    }

    boolean finished() {
        lock.lock();
        try {
            return finished;
        } finally {
            lock.unlock();
        }
    }

    IOException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        // The stream's end is the connection's business.
    }
}
