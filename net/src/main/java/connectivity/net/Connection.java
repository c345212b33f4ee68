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
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * One reliable, bidirectional byte stream: a TCP socket with buffered streams, a read timeout that
 * can change as the protocol moves between phases, and half-close.
 */
public final class Connection implements Closeable {
    private static final int BUFFER = 16 * 1024;

    private final Socket socket;
    private final Input in;
    private final OutputStream out;

    public Connection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new Input(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
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

    public InputStream input() {
        return in;
    }

    public OutputStream output() {
        return out;
    }

    /**
     * The channel under the socket, for bulk transfers that skip the streams' copies (direct buffers, gathering
     * writes). Empty for a socket made without one. Whoever uses it first takes {@link #bufferedInput} bytes from
     * {@link #input()} and flushes {@link #output()}: those streams buffer.
     */
    public Optional<SocketChannel> channel() {
        return Optional.ofNullable(socket.getChannel());
    }

    /** Bytes already read from the socket into {@link #input()}'s buffer and not yet consumed. */
    public int bufferedInput() {
        return in.buffered();
    }

    /** A read that waits longer than this throws {@link java.net.SocketTimeoutException}; zero waits for ever. */
    public void readTimeout(Duration timeout) throws SocketException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    }

    public Duration readTimeout() throws SocketException {
        return Duration.ofMillis(socket.getSoTimeout());
    }

    /** Flushes and sends FIN: the peer reads end of stream, while we can still read what it sends. */
    public void shutdownOutput() throws IOException {
        if (socket.isClosed() || socket.isOutputShutdown()) return;
        out.flush();
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

    /** The input stream's buffer, able to tell how much it holds without a system call. */
    private static final class Input extends BufferedInputStream {
        Input(InputStream in) {
            super(in, BUFFER);
        }

        synchronized int buffered() {
            return count - pos;
        }
    }

    @Override
    public String toString() {
        return "Connection[" + socket.getLocalSocketAddress() + " <-> " + socket.getRemoteSocketAddress() + "]";
    }
}
