package connectivity.http.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/**
 * The byte streams one server connection runs over, and the few socket controls the connection loop
 * needs. Everything above it ({@link HttpConnection}, {@link Http1Exchange}) sees only this.
 *
 * <p>TLS plugs in below: a transport over an {@code SSLSocket} whose streams carry the decrypted
 * bytes (handshake finished, with its own deadline, before the first read); the exchange and the
 * connection loop do not change. HTTP/2 plugs in beside: the server picks the protocol per connection
 * before any loop starts (the ALPN result on TLS, or the {@code PRI * HTTP/2.0} preface on cleartext)
 * and runs an HTTP/2 connection over the same transport, handing each stream to the same
 * {@link Handler}s; {@link Http1Exchange} stays HTTP/1.1 only.
 *
 * <p>Public so that another protocol's connection ({@link ProtocolHandler}) can run over it.
 */
public interface Transport {
    /** The bytes from the peer (unbuffered; the connection buffers). */
    InputStream input() throws IOException;

    /** The bytes to the peer (unbuffered; the connection buffers). */
    OutputStream output() throws IOException;

    /** Each blocking read waits at most this long (0: for ever), then fails with SocketTimeoutException. */
    void readTimeout(int millis) throws IOException;

    /** Ends our direction (FIN) while the peer's bytes can still be read, for a lingering close. */
    void shutdownOutput() throws IOException;

    /**
     * Stops our reading (another thread may call it): a blocked read wakes and sees the end of the
     * stream, while the output stays open for a last response. By default it closes instead.
     */
    default void stopReading() throws IOException {
        close();
    }

    /** Closes both directions; any blocked read or write fails. Idempotent. */
    void close();

    InetSocketAddress remoteAddress();

    /**
     * The socket's channel when file bytes may go to it straight from the page cache
     * ({@code FileChannel.transferTo}, sendfile on Linux): cleartext only, since TLS must encrypt them
     * in our process. Null when there is none.
     */
    default java.nio.channels.WritableByteChannel fileSink() {
        return null;
    }
}
