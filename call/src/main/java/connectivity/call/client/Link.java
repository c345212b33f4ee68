package connectivity.call.client;

import connectivity.call.crypto.SecureChannel;
import connectivity.call.wire.WireMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One transport under a call (a sealed channel to the peer, straight or through the relay). A call may hold
 * several at once and move between them; {@link CallChannel} keeps the records in order across them.
 */
interface Link {
    /** direct, reverse or relay. */
    String path();

    void send(WireMessage m) throws IOException;

    /** The next record, or null when the peer closed cleanly. */
    WireMessage receive() throws IOException;

    void readTimeout(Duration timeout) throws IOException;

    void shutdownOutput() throws IOException;

    void close();

    /** The far end of the transport (for the relay: the relay), or null if it has none. */
    InetSocketAddress remote();

    static Link of(SecureChannel channel, String path) {
        return new Link() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public void send(WireMessage m) throws IOException {
                channel.send(m);
            }

            @Override
            public WireMessage receive() throws IOException {
                return channel.receive();
            }

            @Override
            public void readTimeout(Duration timeout) throws IOException {
                channel.connection().readTimeout(timeout);
            }

            @Override
            public void shutdownOutput() throws IOException {
                channel.connection().shutdownOutput();
            }

            @Override
            public void close() {
                channel.close();
            }

            @Override
            public InetSocketAddress remote() {
                return channel.connection().remoteAddress();
            }

            @Override
            public String toString() {
                return path + " " + channel.connection();
            }
        };
    }
}
