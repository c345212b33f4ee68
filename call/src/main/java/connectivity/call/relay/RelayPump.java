package connectivity.call.relay;

import connectivity.call.wire.Frames;
import connectivity.call.wire.WireMessage;
import connectivity.net.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pumps frames both ways between the two sides of a relayed call. It sees frame boundaries but not
 * contents (the records are sealed end to end), which lets it enforce limits and, when one is hit,
 * tell both sides why at a frame boundary: an empty frame followed by a plain RELAY_NOTICE message.
 * No sealed record or handshake message is ever empty, so the notice cannot be mistaken for data.
 */
public final class RelayPump {
    private final Connection a;
    private final Connection b;
    private final long maxBytesEachWay;
    private final Duration maxDuration;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(2);
    private final Object lockA = new Object();
    private final Object lockB = new Object();
    private final AtomicLong aToB = new AtomicLong();
    private final AtomicLong bToA = new AtomicLong();

    public RelayPump(Connection a, Connection b, long maxBytesEachWay, Duration maxDuration) {
        this.a = a;
        this.b = b;
        this.maxBytesEachWay = maxBytesEachWay;
        this.maxDuration = maxDuration;
    }

    /** Runs until both directions end or a limit ends the call; returns bytes moved {a->b, b->a}. */
    public long[] run() throws InterruptedException {
        Thread.ofVirtual().name("relay-a-b").start(() -> pump(a, b, lockB, aToB));
        Thread.ofVirtual().name("relay-b-a").start(() -> pump(b, a, lockA, bToA));
        if (!done.await(maxDuration.toMillis(), TimeUnit.MILLISECONDS)) {
            stop("relay limit reached: calls may last at most " + maxDuration.toSeconds() + " s");
            done.await(5, TimeUnit.SECONDS);
        }
        return new long[] {aToB.get(), bToA.get()};
    }

    private void pump(Connection from, Connection to, Object toLock, AtomicLong counter) {
        InputStream in = from.input();
        byte[] buffer = new byte[4 + Frames.MAX_RECORD]; // reused: one frame at a time, header and body
        try {
            OutputStream out = to.socket().getOutputStream(); // unbuffered: each frame leaves in one write
            while (true) {
                int length = Frames.readLength(in, Frames.MAX_RECORD);
                if (length < 0) {
                    synchronized (toLock) {
                        to.shutdownOutput();
                    }
                    break;
                }
                if (counter.get() + 4 + length > maxBytesEachWay) {
                    stop("relay limit reached: at most " + maxBytesEachWay + " bytes each way per call");
                    break;
                }
                System.arraycopy(Frames.header(length), 0, buffer, 0, 4);
                if (in.readNBytes(buffer, 4, length) != length) throw new java.io.EOFException("stream ended inside a frame");
                synchronized (toLock) {
                    out.write(buffer, 0, 4 + length);
                }
                counter.addAndGet(4L + length);
            }
        } catch (connectivity.call.wire.CallProtocolException e) {
            stop("relay refused a frame: " + e.getMessage());
        } catch (IOException e) {
            // One side went away: the call is over for both.
            a.close();
            b.close();
        } finally {
            done.countDown();
        }
    }

    /** Tells both sides why the call ends, then closes both. */
    void stop(String reason) {
        if (!finished.compareAndSet(false, true)) return;
        notice(a, lockA, reason);
        notice(b, lockB, reason);
        a.close();
        b.close();
    }

    static void notice(Connection c, Object lock, String reason) {
        synchronized (lock) {
            try {
                byte[] notice = WireMessage.of("RELAY_NOTICE", "reason", reason).encode();
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                bytes.write(Frames.header(0));
                Frames.write(bytes, notice);
                c.socket().getOutputStream().write(bytes.toByteArray());
            } catch (IOException ignored) {
                // The side is gone already; nothing to tell.
            }
        }
    }
}
