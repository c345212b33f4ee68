package connectivity.http.server;

import connectivity.http.tls.ServerTls;
import connectivity.net.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * A transport over TLS: the streams of an {@link SSLSocket} layered on the accepted socket, which
 * carry the decrypted bytes. Made only once the handshake has finished, under a deadline: a client
 * that opens TLS and stalls (or drips bytes) holds its own thread until then, and is closed (by the
 * server's watchdog, within a tick of it).
 */
final class TlsTransport implements Transport {
    private final Connection connection;
    private final SSLSocket ssl;

    private TlsTransport(Connection connection, SSLSocket ssl) {
        this.connection = connection;
        this.ssl = ssl;
    }

    /**
     * Runs the server handshake; throws (and the caller closes the connection) on failure, or when
     * the server's watchdog closes the connection past the deadline ({@code deadlines}).
     */
    static TlsTransport handshake(Connection connection, ServerTls tls, List<String> alpn, HandshakeDeadlines deadlines)
            throws IOException {
        deadlines.add(connection, System.nanoTime() + tls.handshakeTimeout().toNanos());
        SSLSocket ssl;
        try {
            ssl = tls.handshake(connection.socket(), alpn);
        } finally {
            deadlines.remove(connection);
        }
        return new TlsTransport(connection, ssl);
    }

    /** The protocol ALPN settled on; empty when the client offered none. */
    String applicationProtocol() {
        String p = ssl.getApplicationProtocol();
        return p == null ? "" : p;
    }

    @Override
    public InputStream input() throws IOException {
        return ssl.getInputStream();
    }

    @Override
    public OutputStream output() throws IOException {
        return ssl.getOutputStream();
    }

    @Override
    public void readTimeout(int millis) throws IOException {
        ssl.setSoTimeout(millis);
    }

    /** Sends close_notify, which is TLS's FIN; the peer's bytes can still be read. */
    @Override
    public void shutdownOutput() throws IOException {
        ssl.shutdownOutput();
    }

    @Override
    public void stopReading() throws IOException {
        connection.socket().shutdownInput(); // the TCP socket: TLS sees the end of its input
    }

    /**
     * Closes the TCP socket under the TLS one without a close_notify: close may be called by the
     * watchdog while a write is blocked on a client that stopped reading, and must not wait for it.
     */
    @Override
    public void close() {
        connection.close();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public String toString() {
        return "TLS " + connection;
    }
}
