package connectivity.torrent.tracker.udp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UdpTracker} on a datagram socket: one receive loop, since UDP has no connections to give threads to.
 * Each datagram costs a bounded amount of work (at most one scrape of 74 hashes) and nothing is kept between them.
 * With a store in this process the loop answers each datagram itself; with a store a round trip away (Redis) it
 * hands each to a virtual thread, at most {@code concurrency} at once, so announces wait on the store side by side
 * instead of one after the other (past that the loop waits and the socket buffer holds the rest).
 */
public final class UdpTrackerServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(UdpTrackerServer.class);

    private final UdpTracker tracker;
    private final DatagramChannel channel;
    private final String host;
    private final Thread loop;
    private final int concurrency;
    private final Semaphore inFlight;

    private UdpTrackerServer(UdpTracker tracker, DatagramChannel channel, String host, int concurrency) {
        this.tracker = tracker;
        this.channel = channel;
        this.host = host;
        this.concurrency = concurrency;
        this.inFlight = new Semaphore(concurrency);
        this.loop = Thread.ofPlatform().daemon().name("udp-tracker").unstarted(this::serve);
    }

    /** Binds {@code bind:port} (0 picks a free port) and starts answering, one datagram at a time. */
    public static UdpTrackerServer start(UdpTracker tracker, String bind, int port) throws IOException {
        return start(tracker, bind, port, 1);
    }

    /** As {@link #start(UdpTracker, String, int)}, answering up to {@code concurrency} datagrams at once. */
    public static UdpTrackerServer start(UdpTracker tracker, String bind, int port, int concurrency) throws IOException {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        DatagramChannel ch = DatagramChannel.open();
        try {
            // A busy tracker gets bursts; a larger buffer loses fewer of them while one is being answered.
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            ch.bind(new InetSocketAddress(bind, port));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        UdpTrackerServer s = new UdpTrackerServer(tracker, ch, bind, concurrency);
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
        // Direct buffers, both ways: the channel copies a heap buffer's bytes through a direct one of its own.
        ByteBuffer in = ByteBuffer.allocateDirect(UdpCodec.MAX_REQUEST_BYTES + 1);
        ByteBuffer out = ByteBuffer.allocateDirect(UdpTracker.MAX_REPLY_BYTES);
        byte[] datagram = new byte[UdpCodec.MAX_REQUEST_BYTES];
        while (channel.isOpen()) {
            try {
                in.clear();
                SocketAddress from = channel.receive(in);
                if (!(from instanceof InetSocketAddress sender) || in.position() > UdpCodec.MAX_REQUEST_BYTES) continue;
                int length = in.position();
                in.get(0, datagram, 0, length);
                if (concurrency == 1) {
                    answer(datagram, length, sender, out);
                } else {
                    byte[] copy = Arrays.copyOf(datagram, length);
                    inFlight.acquire();
                    Thread.ofVirtual().start(() -> {
                        try {
                            answer(copy, copy.length, sender, null);
                        } catch (ClosedChannelException e) {
                            // closing
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                // A receive that failed for one datagram: the next may do.
                log.debug("udp tracker: {}", e.toString());
            }
        }
    }

    /** Sends through {@code out} (the loop's own direct buffer) if given, else through a buffer of its own. */
    private void answer(byte[] data, int length, InetSocketAddress sender, ByteBuffer out) throws ClosedChannelException {
        try {
            Optional<byte[]> reply = tracker.answer(data, length, sender);
            if (reply.isEmpty()) return;
            if (out == null || reply.get().length > out.capacity()) {
                channel.send(ByteBuffer.wrap(reply.get()), sender);
            } else {
                out.clear();
                channel.send(out.put(reply.get()).flip(), sender);
            }
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            // A send to an unreachable client, say: that client's problem, not the tracker's.
            log.debug("udp tracker: {}", e.toString());
        } catch (RuntimeException e) {
            log.warn("udp tracker: datagram not answered", e);
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
