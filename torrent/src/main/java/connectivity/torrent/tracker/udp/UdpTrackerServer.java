package connectivity.torrent.tracker.udp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UdpTracker} on a datagram socket: one receive loop, since UDP has no connections to give threads to.
 * Each datagram costs a bounded amount of work (at most one scrape of 74 hashes) and nothing is kept between them.
 */
public final class UdpTrackerServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(UdpTrackerServer.class);

    private final UdpTracker tracker;
    private final DatagramChannel channel;
    private final String host;
    private final Thread loop;

    private UdpTrackerServer(UdpTracker tracker, DatagramChannel channel, String host) {
        this.tracker = tracker;
        this.channel = channel;
        this.host = host;
        this.loop = Thread.ofPlatform().daemon().name("udp-tracker").unstarted(this::serve);
    }

    /** Binds {@code bind:port} (0 picks a free port) and starts answering. */
    public static UdpTrackerServer start(UdpTracker tracker, String bind, int port) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            // A busy tracker gets bursts; a larger buffer loses fewer of them while one is being answered.
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            ch.bind(new InetSocketAddress(bind, port));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        UdpTrackerServer s = new UdpTrackerServer(tracker, ch, bind);
        s.loop.start();
        return s;
    }

    public int port() {
        return ((InetSocketAddress) localAddress()).getPort();
    }

    private SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the tracker's socket is closed", e);
        }
    }

    /** The URL clients announce to. */
    public String announceUrl() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        if (h.contains(":")) h = "[" + h + "]";
        return "udp://" + h + ":" + port() + "/announce";
    }

    private void serve() {
        // One byte more than the largest request, so an oversized datagram shows as one instead of being cut to fit.
        ByteBuffer in = ByteBuffer.allocate(UdpCodec.MAX_REQUEST_BYTES + 1);
        while (channel.isOpen()) {
            try {
                in.clear();
                SocketAddress from = channel.receive(in);
                if (!(from instanceof InetSocketAddress sender) || in.position() > UdpCodec.MAX_REQUEST_BYTES) continue;
                Optional<byte[]> reply = tracker.answer(in.array(), in.position(), sender);
                if (reply.isPresent()) channel.send(ByteBuffer.wrap(reply.get()), sender);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // A send to an unreachable client, say: that client's problem, not the tracker's.
                log.debug("udp tracker: {}", e.toString());
            } catch (RuntimeException e) {
                log.warn("udp tracker: datagram not answered", e);
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing udp tracker: {}", e.toString());
        }
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
