package connectivity.http.server;

import connectivity.net.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/** A cleartext transport: the raw streams of the connection's socket (its buffered streams stay unused). */
final class SocketTransport implements Transport {
    private final Connection connection;

    SocketTransport(Connection connection) {
        this.connection = connection;
    }

    @Override
    public InputStream input() throws IOException {
        return connection.socket().getInputStream();
    }

    @Override
    public OutputStream output() throws IOException {
        return connection.socket().getOutputStream();
    }

    @Override
    public void readTimeout(int millis) throws IOException {
        connection.socket().setSoTimeout(millis);
    }

    @Override
    public void shutdownOutput() throws IOException {
        connection.socket().shutdownOutput();
    }

    @Override
    public void stopReading() throws IOException {
        connection.socket().shutdownInput();
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public java.nio.channels.WritableByteChannel fileSink() {
        return connection.socket().getChannel(); // the Listener accepts through a channel, so there is one
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
