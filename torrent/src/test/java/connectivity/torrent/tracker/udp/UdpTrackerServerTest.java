package connectivity.torrent.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The socket loop: datagrams the logic must never see, and what follows them still answered. */
@Timeout(20)
class UdpTrackerServerTest {
    @Test
    void oversizedShortAndGarbageDatagramsGetNothingAndTheNextConnectIsAnswered() throws Exception {
        try (UdpTrackerServer server = UdpTrackerServer.start(UdpTrackerClientTest.logic(Clock.systemUTC()), "127.0.0.1", 0);
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(5000);
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
            byte[] connect = UdpCodec.encode(new UdpMessage.Connect(1));
            // A valid connect padded past the largest request: the server must see it as oversized, not cut it to fit.
            byte[] oversized = Arrays.copyOf(connect, UdpCodec.MAX_REQUEST_BYTES + 1);
            byte[] huge = Arrays.copyOf(connect, 60_000);
            for (byte[] bad : new byte[][] {oversized, huge, Arrays.copyOf(connect, 15), new byte[0], "GET / HTTP/1.1\r\n\r\n".getBytes()}) {
                s.send(new DatagramPacket(bad, bad.length, to));
            }
            byte[] ok = UdpCodec.encode(new UdpMessage.Connect(2));
            s.send(new DatagramPacket(ok, ok.length, to));
            DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
            s.receive(reply);
            assertThat(reply.getLength()).isEqualTo(16);
            assertThat(ByteBuffer.wrap(reply.getData(), 4, 4).getInt()).as("the first reply is to the valid connect").isEqualTo(2);

            // Padding up to the limit is accepted (BEP 15 lets requests grow).
            byte[] padded = Arrays.copyOf(UdpCodec.encode(new UdpMessage.Connect(3)), UdpCodec.MAX_REQUEST_BYTES);
            s.send(new DatagramPacket(padded, padded.length, to));
            reply.setLength(2048);
            s.receive(reply);
            assertThat(ByteBuffer.wrap(reply.getData(), 4, 4).getInt()).isEqualTo(3);
            assertThat(reply.getLength()).isEqualTo(16);
        }
    }
}
