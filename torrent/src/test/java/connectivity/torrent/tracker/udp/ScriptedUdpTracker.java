package connectivity.torrent.tracker.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A UDP "tracker" on 127.0.0.1 whose answers a test scripts: it may answer from another socket, with the wrong
 * transaction id, cut short, or not at all. It records what it received and when.
 */
final class ScriptedUdpTracker implements AutoCloseable {
    /** What to do with one datagram. */
    interface Script {
        void on(byte[] datagram, InetSocketAddress from, ScriptedUdpTracker tracker) throws Exception;
    }

    /** A datagram as it arrived. */
    record Arrival(byte[] data, long nanos) {}

    final DatagramSocket socket;
    final DatagramSocket elsewhere;
    final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final Thread loop;

    ScriptedUdpTracker(Script script) throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        elsewhere = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        loop = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[4096];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    byte[] data = Arrays.copyOf(p.getData(), p.getLength());
                    arrivals.add(new Arrival(data, System.nanoTime()));
                    script.on(data, (InetSocketAddress) p.getSocketAddress(), this);
                } catch (IOException e) {
                    return; // closed
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    String url() {
        return "udp://127.0.0.1:" + socket.getLocalPort() + "/announce";
    }

    void reply(byte[] b, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(b, b.length, to));
    }

    void replyFromElsewhere(byte[] b, InetSocketAddress to) throws IOException {
        elsewhere.send(new DatagramPacket(b, b.length, to));
    }

    long count(int action) {
        return arrivals.stream().filter(a -> a.data().length >= 12 && java.nio.ByteBuffer.wrap(a.data(), 8, 4).getInt() == action).count();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        elsewhere.close();
        loop.join(2000);
    }
}
