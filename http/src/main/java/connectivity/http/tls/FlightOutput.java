package connectivity.http.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The socket output under a server's {@code SSLSocket}. The JDK writes every handshake message (and the
 * change_cipher_spec) with a system call of its own, four for a TLS 1.3 server's first flight; here they wait
 * until the socket is about to be read ({@link #sendPending}, called by the input side), when the flight is
 * complete, and leave as one write, one TCP segment, as from OpenSSL's buffering BIO. After {@link #release}
 * writes go straight through; what still waits then (TLS 1.3's NewSessionTicket) leaves with the first write
 * after the handshake (usually the response) or before the next read, whichever comes first. Nothing ever
 * waits while the socket is read, so neither side can wait for bytes the other holds back.
 */
final class FlightOutput extends OutputStream {
    /** Past this the held bytes go out anyway: a flight with a large certificate chain is still one or two writes. */
    private static final int MAX_HELD = 64 * 1024;

    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private byte[] held = new byte[4096];
    private int count;
    private volatile boolean holding = true;
    /** count > 0, readable without the lock: once the handshake's bytes are out, a read never takes the lock. */
    private volatile boolean pending;

    FlightOutput(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            if (count == 0 && !holding) {
                out.write(b, off, len);
                return;
            }
            hold(b, off, len);
            if (!holding || count >= MAX_HELD) writeHeld();
        } finally {
            lock.unlock();
        }
    }

    /** While the handshake runs the JDK's flush after each message waits for the read; later it is a flush. */
    @Override
    public void flush() throws IOException {
        if (holding) return;
        sendPending();
        out.flush();
    }

    /** Writes whatever waits; called before every read of the socket, and before its output is shut down. */
    void sendPending() throws IOException {
        if (!pending) return;
        lock.lock();
        try {
            if (count > 0) writeHeld();
        } finally {
            lock.unlock();
        }
    }

    /** The handshake is over: from now on writes go straight through (the first one with what still waits). */
    void release() {
        holding = false;
    }

    @Override
    public void close() throws IOException {
        sendPending();
        out.close();
    }

    private void hold(byte[] b, int off, int len) {
        if (held == null) held = new byte[count + len];
        else if (count + len > held.length) held = Arrays.copyOf(held, Math.max(held.length * 2, count + len));
        System.arraycopy(b, off, held, count, len);
        count += len;
        pending = true;
    }

    private void writeHeld() throws IOException {
        int n = count;
        count = 0;
        pending = false;
        byte[] b = held;
        if (!holding) held = null; // nothing is held after the handshake's last bytes
        out.write(b, 0, n);
    }
}
