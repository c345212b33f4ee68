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

    /** A store a round trip away: with concurrency 4, four announces must be inside the store at once. */
    @Test
    void withConcurrencyAnnouncesWaitOnTheStoreSideBySide() throws Exception {
        java.util.concurrent.CountDownLatch allInside = new java.util.concurrent.CountDownLatch(4);
        connectivity.torrent.tracker.SwarmStore slow = new connectivity.torrent.tracker.SwarmStore() {
            @Override
            public AnnounceOutcome announce(connectivity.torrent.meta.InfoHash hash, connectivity.torrent.tracker.PeerRecord peer,
                    connectivity.torrent.tracker.AnnounceEvent event, java.time.Instant expiredBefore, int numwant,
                    Families families, connectivity.torrent.tracker.TrackerLimits limits) {
                allInside.countDown();
                try {
                    allInside.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new AnnounceOutcome(SwarmStats.EMPTY, connectivity.torrent.tracker.PeerSample.NONE);
            }

            @Override
            public SwarmStats stats(connectivity.torrent.meta.InfoHash hash, java.time.Instant expiredBefore) {
                return SwarmStats.EMPTY;
            }

            @Override
            public int purge(java.time.Instant expiredBefore) {
                return 0;
            }
        };
        UdpTracker logic = new UdpTracker(new connectivity.torrent.tracker.Tracker(slow,
                connectivity.torrent.tracker.TrackerConfig.withInterval(java.time.Duration.ofSeconds(60)), Clock.systemUTC()),
                ConnectionIds.random(Clock.systemUTC()));
        try (UdpTrackerServer server = UdpTrackerServer.start(logic, "127.0.0.1", 0, 4);
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(5000);
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
            byte[] connect = UdpCodec.encode(new UdpMessage.Connect(1));
            s.send(new DatagramPacket(connect, connect.length, to));
            DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
            s.receive(reply);
            long cid = ((UdpMessage.Connected) UdpCodec.decodeReply(reply.getData(), reply.getLength(), false)).connectionId();
            for (int i = 0; i < 4; i++) {
                byte[] a = UdpCodec.encode(new UdpMessage.Announce(cid, 10 + i, UdpTrackerTest.HASH, UdpCodecTest.PEER_ID, 0, 5, 0, 0, 0, i,
                        -1, 7000 + i, java.util.Optional.empty()));
                s.send(new DatagramPacket(a, a.length, to));
            }
            java.util.Set<Integer> answered = new java.util.HashSet<>();
            for (int i = 0; i < 4; i++) {
                reply.setLength(2048);
                s.receive(reply);
                assertThat(UdpCodec.decodeReply(reply.getData(), reply.getLength(), false)).isInstanceOf(UdpMessage.Announced.class);
                answered.add(ByteBuffer.wrap(reply.getData(), 4, 4).getInt());
            }
            assertThat(answered).containsExactlyInAnyOrder(10, 11, 12, 13);
        }
    }
}
