package connectivity.torrent.dht;

import java.io.Closeable;
import java.net.InetSocketAddress;

/** Where a node's datagrams go: UDP ({@link UdpTransport}) or, in tests, an in-memory network. */
public interface DhtTransport extends Closeable {
    @FunctionalInterface
    interface Receiver {
        void received(InetSocketAddress from, byte[] datagram);
    }

    InetSocketAddress localAddress();

    /** Best effort, like UDP: a datagram that cannot be sent is lost, never an exception. */
    void send(InetSocketAddress to, byte[] datagram);

    /** Starts delivering datagrams to the receiver, one at a time. */
    void start(Receiver receiver);

    @Override
    void close();
}
