package connectivity.http.tls;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * An accepted socket whose input is buffered, to lay an {@code SSLSocket} over. The JDK's TLS reads
 * each record from the socket in two reads (its 5-byte header, then the rest), so a request of one
 * record cost two system calls; through this buffer one read usually brings the whole record, often
 * more. Its output holds the handshake's messages until the socket is read ({@link FlightOutput}), so a
 * flight leaves in one write. Everything else goes straight to the socket underneath.
 */
final class BufferedSocket extends Socket {
    /** A full TLS record (16 KiB of plaintext plus header and expansion) fits. */
    private static final int BUFFER = 16 * 1024 + 512;

    private final Socket socket;
    private final FlightOutput out;
    private InputStream in;

    BufferedSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new FlightOutput(socket.getOutputStream());
    }

    /** The handshake is done: writes go straight to the socket from now on. */
    void handshakeDone() {
        out.release();
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (in == null) in = new BufferedInputStream(new SendingFirst(socket.getInputStream(), out), BUFFER);
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    /** The JDK closes a failed handshake after its alert, which must not stay held. */
    @Override
    public void close() throws IOException {
        try {
            out.sendPending();
        } catch (IOException e) {
            // closing anyway
        }
        socket.close();
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected();
    }

    @Override
    public boolean isBound() {
        return socket.isBound();
    }

    @Override
    public boolean isInputShutdown() {
        return socket.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return socket.isOutputShutdown();
    }

    @Override
    public void shutdownInput() throws IOException {
        socket.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        out.sendPending();
        socket.shutdownOutput();
    }

    @Override
    public SocketChannel getChannel() {
        return null; // reads must go through the buffer
    }

    @Override
    public InetAddress getInetAddress() {
        return socket.getInetAddress();
    }

    @Override
    public int getPort() {
        return socket.getPort();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        socket.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return socket.getSoTimeout();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        socket.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return socket.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        socket.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return socket.getSoLinger();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        socket.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return socket.getKeepAlive();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        socket.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return socket.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        socket.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return socket.getReceiveBufferSize();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        socket.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return socket.getReuseAddress();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        socket.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return socket.getTrafficClass();
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        socket.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return socket.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return socket.supportedOptions();
    }

    @Override
    public String toString() {
        return socket.toString();
    }

    /** The socket's input, which first sends what the output holds: the peer may be waiting for it. */
    private static final class SendingFirst extends InputStream {
        private final InputStream in;
        private final FlightOutput out;

        SendingFirst(InputStream in, FlightOutput out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public int read() throws IOException {
            out.sendPending();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            out.sendPending();
            return in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
