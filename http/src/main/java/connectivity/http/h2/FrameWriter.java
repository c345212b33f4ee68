package connectivity.http.h2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one writer of a connection: frames from the reader (control answers) and the stream threads
 * (responses) queue here and a virtual thread writes them in order, flushing when the queue runs dry.
 * The queue is bounded in bytes: stream threads wait for room, while the reader, which must never
 * block on a peer that does not read, gets an error instead (the connection then ends).
 * HPACK encoding happens under the queue lock, so header blocks reach the wire in encoding order.
 * While the reader holds the writer ({@link #hold}), frames gather instead of waking the writer one by
 * one: the reader releases it before it waits for more input, so all it answered from what it read
 * leaves in one write (a flush per batch of frames, not per frame).
 */
final class FrameWriter {
    private final OutputStream out;
    private final long maxQueued;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    /** While held, this much queued still wakes the writer, so a long batch flows out as it grows. */
    private final long heldBatch;
    private long queued;
    private long peak; // the most ever queued: what a peer that does not read made us hold
    private volatile boolean held;
    private boolean finishing;
    private boolean closed;
    private IOException failure;
    private Thread thread;

    FrameWriter(OutputStream out, long maxQueued) {
        this.out = out;
        this.maxQueued = maxQueued;
        this.heldBatch = Math.min(32 * 1024, maxQueued / 2);
    }

    void start(String name) {
        thread = Thread.ofVirtual().name(name).start(this::run);
    }

    /** Queues a frame without waiting; over the byte cap the peer is not reading and we give up on it. */
    void control(Frame frame) throws IOException {
        byte[] bytes = FrameCodec.encode(frame);
        lock.lock();
        try {
            check();
            if (queued + bytes.length > maxQueued) {
                throw H2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "peer does not read what we send");
            }
            add(bytes);
        } finally {
            lock.unlock();
        }
    }

    /** Queues a frame, waiting (bounded) while the queue is full. */
    void stream(Frame frame, long timeoutNanos) throws IOException {
        enqueue(FrameCodec.encode(frame), null, timeoutNanos, true);
    }

    /** Queues bytes already encoded (the client preface), waiting (bounded) while the queue is full. */
    void raw(byte[] bytes, long timeoutNanos) throws IOException {
        enqueue(bytes, null, timeoutNanos, true);
    }

    /**
     * Queues a DATA frame of {@code len} bytes from {@code b}, waiting (bounded) while the queue is full;
     * without {@code mayWait} (the reader thread, after {@link #hasRoom}) it never waits.
     */
    void data(int streamId, byte[] b, int off, int len, boolean endStream, long timeoutNanos, boolean mayWait) throws IOException {
        enqueue(FrameCodec.data(streamId, b, off, len, endStream), null, timeoutNanos, mayWait);
    }

    /**
     * Like {@link #data} for a payload that is a whole array nobody changes (a response's bytes): the
     * frame header and the array are queued as they are, so the payload is copied once, into the socket's
     * buffer, not first into a frame of its own.
     */
    void dataOf(int streamId, byte[] stable, boolean endStream, long timeoutNanos, boolean mayWait) throws IOException {
        enqueue(FrameCodec.dataHeader(streamId, stable.length, endStream), stable, timeoutNanos, mayWait);
    }

    /**
     * Encodes a header block and queues it as HEADERS and CONTINUATION frames of at most {@code maxFrame}
     * bytes; {@code mayWait} as for {@link #data}.
     */
    void headers(int streamId, List<HeaderField> fields, boolean endStream, HpackEncoder encoder, int maxFrame,
            long timeoutNanos, boolean mayWait) throws IOException {
        lock.lock();
        try {
            byte[] block = encoder.encode(fields);
            byte[] frames;
            if (block.length <= maxFrame) {
                frames = FrameCodec.headerPart(true, streamId, block, 0, block.length, endStream, true);
            } else {
                ByteArrayOutputStream out = new ByteArrayOutputStream(block.length + 32);
                for (int off = 0; off < block.length; ) {
                    int n = Math.min(maxFrame, block.length - off);
                    out.writeBytes(FrameCodec.headerPart(off == 0, streamId, block, off, n, endStream, off + n == block.length));
                    off += n;
                }
                frames = out.toByteArray();
            }
            // The encoder's table has moved on: these bytes must go out even if we wait for room.
            enqueue(frames, null, timeoutNanos, mayWait);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether {@code bytes} more fit under the cap now. The reader asks before it answers a stream itself
     * and then queues without waiting: it can go over the cap by at most that response's header block.
     */
    boolean hasRoom(long bytes) {
        lock.lock();
        try {
            return queued + bytes <= maxQueued;
        } finally {
            lock.unlock();
        }
    }

    /** The reader starts on frames it has read: what they make us send gathers until {@link #release}. */
    void hold() {
        held = true;
    }

    /** The reader is about to wait for input: the writer sends what gathered. */
    void release() {
        if (!held) return;
        lock.lock();
        try {
            held = false;
            if (!queue.isEmpty()) notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code bytes} and then, if not null, {@code more}, together. */
    private void enqueue(byte[] bytes, byte[] more, long timeoutNanos, boolean mayWait) throws IOException {
        long length = bytes.length + (more == null ? 0 : more.length);
        lock.lock();
        try {
            long wait = timeoutNanos;
            while (mayWait && queued > 0 && queued + length > maxQueued) {
                check();
                if (wait <= 0) throw new IOException("peer stopped reading");
                wait = notFull.awaitNanos(wait);
            }
            check();
            add(bytes);
            if (more != null) add(more);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            lock.unlock();
        }
    }

    private void add(byte[] bytes) {
        queue.add(bytes);
        queued += bytes.length;
        peak = Math.max(peak, queued);
        if (!held || queued >= heldBatch) notEmpty.signal();
    }

    private void check() throws IOException {
        if (failure != null) throw failure;
        if (closed || finishing) throw new IOException("connection closing");
    }

    /** Writes what is queued, then stops; waits at most this long for that. */
    void finish(long millis) {
        lock.lock();
        try {
            finishing = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (thread != null) thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs code under the queue lock, e.g. a change to the HPACK encoder the next header block must see. */
    void locked(Runnable r) {
        lock.lock();
        try {
            r.run();
        } finally {
            lock.unlock();
        }
    }

    /** Stops at once; queued frames are dropped. */
    void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long peakQueuedBytes() {
        lock.lock();
        try {
            return peak;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        List<byte[]> batch = new ArrayList<>();
        try {
            while (true) {
                lock.lock();
                try {
                    while ((queue.isEmpty() || (held && queued < heldBatch)) && !closed && !finishing) {
                        notEmpty.await(1, TimeUnit.SECONDS);
                    }
                    if (closed || (finishing && queue.isEmpty())) break;
                    batch.addAll(queue);
                    queue.clear();
                } finally {
                    lock.unlock();
                }
                long written = 0;
                for (byte[] b : batch) {
                    out.write(b);
                    written += b.length;
                }
                batch.clear();
                lock.lock();
                try {
                    queued -= written;
                    notFull.signalAll();
                    if (!queue.isEmpty()) continue;
                } finally {
                    lock.unlock();
                }
                out.flush();
            }
            out.flush();
        } catch (IOException | InterruptedException e) {
            lock.lock();
            try {
                failure = e instanceof IOException io ? io : new IOException(e);
                closed = true;
                queue.clear();
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
