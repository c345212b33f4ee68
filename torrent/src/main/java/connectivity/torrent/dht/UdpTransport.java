package connectivity.torrent.dht;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

/** A UDP socket with one virtual thread reading it (blocking I/O). */
public final class UdpTransport implements DhtTransport {
    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private volatile Thread reader;

    private UdpTransport(DatagramChannel channel) throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    public static UdpTransport bind(InetSocketAddress address) throws IOException {
        DatagramChannel ch = DatagramChannel.open(address.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.bind(address);
            return new UdpTransport(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void send(InetSocketAddress to, byte[] datagram) {
        try {
            channel.send(ByteBuffer.wrap(datagram), to);
        } catch (IOException | RuntimeException e) {
            // UDP semantics: a datagram that cannot leave is lost; the query it carried times out.
        }
    }

    @Override
    public void start(Receiver receiver) {
        reader = Thread.ofVirtual().name("dht-udp-" + local.getPort()).start(() -> {
            ByteBuffer buf = ByteBuffer.allocate(KrpcCodec.MAX_DATAGRAM + 1);
            while (channel.isOpen()) {
                try {
                    buf.clear();
                    SocketAddress from = channel.receive(buf);
                    if (!(from instanceof InetSocketAddress f)) continue;
                    buf.flip();
                    receiver.received(f, Arrays.copyOf(buf.array(), buf.limit()));
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    // An ICMP error surfaced on receive: nothing to do, the next datagram is unaffected.
                } catch (RuntimeException e) {
                    // A bug in handling one datagram must not stop the node.
                }
            }
        });
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a datagram channel does not fail in a way that matters here.
        }
        Thread r = reader;
        if (r != null) r.interrupt();
    }
}
