package connectivity.call.relay;

import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.Deadline;
import connectivity.call.wire.Frames;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.RelayMessage;
import connectivity.net.Connection;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pumps frames both ways between the two sides of a relayed call. It sees frame boundaries but not
 * contents (the records are sealed end to end), which lets it enforce limits and, when one is hit,
 * tell both sides why at a frame boundary: an empty frame followed by a plain RELAY_NOTICE message.
 * No sealed record or handshake message is ever empty, so the notice cannot be mistaken for data.
 *
 * <p>A side that stops reading must not hold the session: every write has a deadline (a watchdog
 * in {@link #run()} ends the call when one write takes longer than {@code writeTimeout}), and the
 * caps end the call by closing both sockets, which frees a pump blocked in a write.
 */
public final class RelayPump {
    /** How often the watchdog looks at the clock; bounds how late a cap or a write deadline fires. */
    private static final long TICK_MS = 100;
    /** How long telling a side why its call ends may take; a side that does not read gets no notice. */
    private static final Duration NOTICE_TIMEOUT = Duration.ofSeconds(2);

    private final Connection a;
    private final Connection b;
    private final long maxBytesEachWay;
    private final Duration maxDuration;
    private final Duration writeTimeout;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(2);
    private final ReentrantLock lockA = new ReentrantLock();
    private final ReentrantLock lockB = new ReentrantLock();
    private final AtomicLong aToB = new AtomicLong();
    private final AtomicLong bToA = new AtomicLong();
    /** When the write now in progress towards a (b) began, in nanoTime; 0 when none is. */
    private volatile long writingToASince;
    private volatile long writingToBSince;
    /** When {@link #stop} told both sides, in nanoTime; from then on the pumps read and drop until each side closes. */
    private volatile long stoppedAt;

    public RelayPump(Connection a, Connection b, long maxBytesEachWay, Duration maxDuration, Duration writeTimeout) {
        this.a = a;
        this.b = b;
        this.maxBytesEachWay = maxBytesEachWay;
        this.maxDuration = maxDuration;
        this.writeTimeout = writeTimeout;
    }

    /** Runs until both directions end or a limit ends the call; returns bytes moved {a->b, b->a}. */
    public long[] run() throws InterruptedException {
        Thread.ofVirtual().name("relay-a-b").start(() -> pump(a, b, lockB, aToB, true));
        Thread.ofVirtual().name("relay-b-a").start(() -> pump(b, a, lockA, bToA, false));
        long start = System.nanoTime();
        long writeLimit = writeTimeout.toNanos();
        while (!done.await(TICK_MS, TimeUnit.MILLISECONDS)) {
            long now = System.nanoTime();
            if (finished.get() && now - stoppedAt >= NOTICE_TIMEOUT.toNanos()) break; // told; it lingered long enough
            if (now - start >= maxDuration.toNanos()) {
                stop("relay limit reached: calls may last at most " + maxDuration.toSeconds() + " s");
                break;
            }
            if (stuck(writingToASince, now, writeLimit) || stuck(writingToBSince, now, writeLimit)) {
                stop("relay: a side stopped reading for " + writeTimeout.toSeconds() + " s");
                a.close(); // frees the pump stuck in its write; no lingering for a side that does not read
                b.close();
                break;
            }
        }
        done.await(NOTICE_TIMEOUT.toMillis() + 3000, TimeUnit.MILLISECONDS);
        a.close();
        b.close();
        return new long[] {aToB.get(), bToA.get()};
    }

    private static boolean stuck(long since, long now, long limit) {
        return since != 0 && now - since >= limit;
    }

    private void pump(Connection from, Connection to, ReentrantLock toLock, AtomicLong counter, boolean towardsB) {
        InputStream in = from.input();
        byte[] buffer = new byte[4 + Frames.MAX_RECORD]; // reused: one frame at a time, header and body
        try {
            OutputStream out = to.socket().getOutputStream(); // unbuffered: each frame leaves in one write
            while (true) {
                int length = Frames.readLength(in, Frames.MAX_RECORD);
                if (length < 0) {
                    toLock.lock();
                    try {
                        // Once a limit is hit, stop() ends each stream after its notice. A side that read its notice
                        // and closed must not have its EOF passed on here first: the other side, not yet told, would
                        // read a bare EOF ("went away") instead of why the call ended.
                        if (!finished.get()) to.shutdownOutput();
                    } finally {
                        toLock.unlock();
                    }
                    break;
                }
                if (!finished.get() && counter.get() + 4 + length > maxBytesEachWay) {
                    stop("relay limit reached: at most " + maxBytesEachWay + " bytes each way per call");
                }
                if (finished.get()) { // told why the call ends: what still comes is read and dropped until the side closes
                    in.skipNBytes(length);
                    continue;
                }
                System.arraycopy(Frames.header(length), 0, buffer, 0, 4);
                if (in.readNBytes(buffer, 4, length) != length) throw new EOFException("stream ended inside a frame");
                toLock.lock();
                try {
                    markWriting(towardsB, System.nanoTime() | 1); // never 0 while writing
                    out.write(buffer, 0, 4 + length);
                } finally {
                    markWriting(towardsB, 0);
                    toLock.unlock();
                }
                counter.addAndGet(4L + length);
            }
        } catch (CallProtocolException e) {
            stop("relay refused a frame: " + e.getMessage());
        } catch (IOException e) {
            // One side went away: the call is over for both. Once a notice is on its way (the side that went away may
            // have read its own and closed), closing is run()'s, after the other side's notice: closing here could
            // reset that side before its notice is written, and it would read "connection reset" instead of why.
            if (!finished.get()) {
                a.close();
                b.close();
            }
        } finally {
            done.countDown();
        }
    }

    private void markWriting(boolean towardsB, long since) {
        if (towardsB) writingToBSince = since;
        else writingToASince = since;
    }

    /**
     * Tells both sides why the call ends (each within a deadline) and ends our half of each stream. The sockets are
     * closed by {@link #run()} once both sides have closed theirs or {@code NOTICE_TIMEOUT} has passed: closing with
     * their frames still unread would reset the connection, and a reset can overtake the notice at the peer.
     */
    void stop(String reason) {
        if (!finished.compareAndSet(false, true)) return;
        stoppedAt = System.nanoTime();
        try (Deadline da = Deadline.closing(a, NOTICE_TIMEOUT); Deadline db = Deadline.closing(b, NOTICE_TIMEOUT)) {
            notice(a, lockA, reason);
            notice(b, lockB, reason);
            endOutput(a, lockA);
            endOutput(b, lockB);
        }
    }

    private static void endOutput(Connection c, ReentrantLock lock) {
        try {
            if (!lock.tryLock(NOTICE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            c.shutdownOutput();
        } catch (IOException ignored) {
            // gone already
        } finally {
            lock.unlock();
        }
    }

    /** Sends the notice unless a pump is stuck writing to this side (then it could not be at a frame boundary). */
    static void notice(Connection c, ReentrantLock lock, String reason) {
        try {
            if (!lock.tryLock(NOTICE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            byte[] notice = ProtocolCodec.encode(new RelayMessage.Notice(reason)).encode();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(Frames.header(0));
            Frames.write(bytes, notice);
            c.socket().getOutputStream().write(bytes.toByteArray());
        } catch (IOException ignored) {
            // The side is gone already; nothing to tell.
        } finally {
            lock.unlock();
        }
    }
}
