package connectivity.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/** Moves bytes from one stream to another, and splices two connections together both ways. */
public final class BytePump {
    private static final int CHUNK = 64 * 1024;

    private BytePump() {}

    /** Copies until end of stream and returns the count; flushes as it goes so the far side sees bytes promptly. */
    public static long copy(InputStream in, OutputStream out) throws IOException {
        return copy(in, out, Long.MAX_VALUE);
    }

    /**
     * Copies until end of stream or until {@code limit} bytes have gone; throws
     * {@link LimitExceededException} if the source had more than {@code limit}.
     */
    public static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        while (true) {
            int n = in.read(buffer);
            if (n < 0) break;
            if (total + n > limit) {
                int allowed = (int) (limit - total);
                out.write(buffer, 0, allowed);
                out.flush();
                throw new LimitExceededException(limit);
            }
            out.write(buffer, 0, n);
            total += n;
            if (in.available() == 0) out.flush();
        }
        out.flush();
        return total;
    }

    /** Bytes moved each way by {@link #splice}. */
    public record Totals(long aToB, long bToA) {}

    /**
     * Pumps a→b and b→a until both directions end. When one side finishes sending, the other is
     * half-closed, so a request-then-response exchange works through the splice. At most
     * {@code limitEachWay} bytes go in each direction; past that both connections are closed.
     */
    public static Totals splice(Connection a, Connection b, long limitEachWay) throws InterruptedException {
        AtomicLong aToB = new AtomicLong();
        AtomicLong bToA = new AtomicLong();
        Thread forward = Thread.ofVirtual().name("pump-a-b").start(() -> pumpOneWay(a, b, aToB, limitEachWay));
        pumpOneWay(b, a, bToA, limitEachWay);
        forward.join();
        return new Totals(aToB.get(), bToA.get());
    }

    private static void pumpOneWay(Connection from, Connection to, AtomicLong counter, long limit) {
        byte[] buffer = new byte[CHUNK];
        try {
            InputStream in = from.input();
            OutputStream out = to.socket().getOutputStream(); // unbuffered: every read is sent at once
            while (true) {
                int n = in.read(buffer);
                if (n < 0) break;
                if (counter.get() + n > limit) throw new LimitExceededException(limit);
                out.write(buffer, 0, n);
                counter.addAndGet(n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // One side failed or hit its limit: the call is over for both.
            from.close();
            to.close();
        }
    }

    /** Thrown when a stream carries more than it is allowed to. */
    public static final class LimitExceededException extends IOException {
        private final long limit;

        public LimitExceededException(long limit) {
            super("more than " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }
}
