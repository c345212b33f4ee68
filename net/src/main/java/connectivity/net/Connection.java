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
import java.time.Duration;

/**
 * One reliable, bidirectional byte stream: a TCP socket with buffered streams, a read timeout that
 * can change as the protocol moves between phases, and half-close.
 */
public final class Connection implements Closeable {
    private static final int BUFFER = 16 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public Connection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), BUFFER);
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
    }

    /** Opens a connection, giving up after {@code connectTimeout}. */
    public static Connection dial(String host, int port, Duration connectTimeout) throws IOException {
        return dial(new InetSocketAddress(host, port), connectTimeout);
    }

    public static Connection dial(InetSocketAddress address, Duration connectTimeout) throws IOException {
        Socket socket = new Socket();
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

    @Override
    public String toString() {
        return "Connection[" + socket.getLocalSocketAddress() + " <-> " + socket.getRemoteSocketAddress() + "]";
    }
}
