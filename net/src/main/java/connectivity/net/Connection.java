package connectivity.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One reliable, bidirectional byte stream: a TCP socket with buffered streams, a read timeout that
 * can change as the protocol moves between phases, and half-close. The buffered streams are made on
 * first use: a protocol that reads the socket its own way (HTTP) or takes the channel (the swarm)
 * never pays for buffers it does not use.
 */
public final class Connection implements Closeable {
    private static final int BUFFER = 16 * 1024;

    private final Socket socket;
    private final InputStream rawIn;
    private final OutputStream rawOut;
    private Input in;
    private OutputStream out;
    private boolean taken;

    public Connection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        // The socket's own streams are thin views; only the buffers above them wait for first use.
        this.rawIn = socket.getInputStream();
        this.rawOut = socket.getOutputStream();
    }

    /** Opens a connection, giving up after {@code connectTimeout}. */
    public static Connection dial(String host, int port, Duration connectTimeout) throws IOException {
        return dial(new InetSocketAddress(host, port), connectTimeout);
    }

    public static Connection dial(InetSocketAddress address, Duration connectTimeout) throws IOException {
        // Opened as a channel, so that bulk transfers can use it directly (see channel()).
        Socket socket = SocketChannel.open().socket();
        try {
            socket.connect(address, Math.toIntExact(Math.max(1, connectTimeout.toMillis())));
            return new Connection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public synchronized InputStream input() {
        checkNotTaken();
        if (in == null) in = new Input(rawIn);
        return in;
    }

    public synchronized OutputStream output() {
        checkNotTaken();
        if (out == null) out = new BufferedOutputStream(rawOut, BUFFER);
        return out;
    }

    /** The socket's channel and the bytes the input stream had read ahead and nobody consumed yet. */
    public record Taken(SocketChannel channel, ByteBuffer buffered) {}

    /**
     * Hands the connection over to code that works on the channel (direct buffers, gathering writes): flushes
     * what the output stream holds and returns the channel with the bytes {@link #input()} had buffered, which
     * come before anything the channel reads next. After this the streams may not be used; closing this
     * connection still closes the socket.
     */
    public synchronized Taken takeChannel() throws IOException {
        checkNotTaken();
        SocketChannel channel = socket.getChannel();
        if (channel == null) throw new IOException("a connection without a channel cannot be taken over");
        if (out != null) out.flush();
        ByteBuffer buffered = ByteBuffer.wrap(in == null ? new byte[0] : in.drain());
        taken = true;
        return new Taken(channel, buffered);
    }

    private void checkNotTaken() {
        if (taken) throw new IllegalStateException("the channel was taken over; the streams are no longer in use");
    }

    /** A read that waits longer than this throws {@link java.net.SocketTimeoutException}; zero waits for ever. */
    public void readTimeout(Duration timeout) throws SocketException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    }

    public Duration readTimeout() throws SocketException {
        return Duration.ofMillis(socket.getSoTimeout());
    }

    /** Flushes and sends FIN: the peer reads end of stream, while we can still read what it sends. */
    public synchronized void shutdownOutput() throws IOException {
        if (socket.isClosed() || socket.isOutputShutdown()) return;
        if (out != null && !taken) out.flush();
        socket.shutdownOutput();
    }

    public void shutdownInput() throws IOException {
        if (!socket.isClosed() && !socket.isInputShutdown()) socket.shutdownInput();
    }

    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is best effort: the peer may already have gone.
        }
    }

    /** The input stream's buffer, able to hand over what it read ahead when the channel is taken. */
    private static final class Input extends BufferedInputStream {
        Input(InputStream in) {
            super(in, BUFFER);
        }

        /** The read-ahead bytes, removed from the buffer. */
        synchronized byte[] drain() {
            byte[] rest = java.util.Arrays.copyOfRange(buf, pos, count);
            pos = count;
            return rest;
        }
    }

    @Override
    public String toString() {
        return "Connection[" + socket.getLocalSocketAddress() + " <-> " + socket.getRemoteSocketAddress() + "]";
    }
}
