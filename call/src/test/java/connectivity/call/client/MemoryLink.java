package connectivity.call.client;

import connectivity.call.wire.WireMessage;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One end of an in-memory link pair, for driving {@link CallChannel} without sockets: frames go through
 * queues; {@link #cut()} drops everything from then on both ways (a path blackholed: the readers time out), and
 * {@link #close()} is a clean close the other end reads as the end of the stream.
 */
final class MemoryLink implements Link {
    private static final byte[] EOF = new byte[0];

    private final String path;
    private final BlockingQueue<byte[]> in = new LinkedBlockingQueue<>();
    private MemoryLink peer;
    private volatile Duration timeout = Duration.ofSeconds(30);
    private volatile boolean closed;
    private volatile boolean cut;
    final AtomicInteger sent = new AtomicInteger();

    private MemoryLink(String path) {
        this.path = path;
    }

    static MemoryLink[] pair(String path) {
        MemoryLink a = new MemoryLink(path), b = new MemoryLink(path);
        a.peer = b;
        b.peer = a;
        return new MemoryLink[] {a, b};
    }

    /** From now on nothing gets through either way, and nobody is told. */
    void cut() {
        cut = true;
        peer.cut = true;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public void send(WireMessage m) throws IOException {
        if (closed) throw new SocketException("Socket closed");
        sent.incrementAndGet();
        if (!cut) peer.in.add(m.encode());
    }

    @Override
    public WireMessage receive() throws IOException {
        if (closed) throw new SocketException("Socket closed");
        byte[] b;
        try {
            b = in.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new IOException("interrupted");
        }
        if (closed) throw new SocketException("Socket closed");
        if (b == null) throw new SocketTimeoutException("Read timed out");
        if (b == EOF) {
            in.add(EOF);
            return null;
        }
        return WireMessage.decode(b);
    }

    @Override
    public void readTimeout(Duration t) {
        timeout = t;
    }

    @Override
    public void shutdownOutput() {
        if (!cut) peer.in.add(EOF);
    }

    @Override
    public java.net.InetSocketAddress remote() {
        return null;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        in.add(EOF); // wakes our own reader
        if (!cut) peer.in.add(EOF);
    }
}
