package connectivity.torrent.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import connectivity.torrent.tracker.InMemorySwarmStore;
import connectivity.torrent.tracker.Tracker;
import connectivity.torrent.tracker.TrackerConfig;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/** Both directions of the UDP tracker protocol (BEP 15) as they come off the network, and the tracker answering them. */
class UdpCodecFuzzTest {
    /**
     * A datagram a tracker receives: refused with a UdpProtocolException, or a request that encodes back to the bytes
     * it was read from (an announce up to its 98 fixed bytes: BEP 41 options may be laid out in more than one way).
     */
    @FuzzTest
    void requestDecodesOrRefuses(byte[] input) throws Exception {
        UdpMessage.Request r;
        try {
            r = UdpCodec.decodeRequest(input, input.length);
        } catch (UdpProtocolException e) {
            return;
        }
        byte[] again = UdpCodec.encode(r);
        int fixed = switch (r) {
            case UdpMessage.Connect c -> UdpCodec.CONNECT_BYTES;
            case UdpMessage.Announce a -> UdpCodec.ANNOUNCE_REQUEST_BYTES;
            case UdpMessage.Scrape s -> input.length;
        };
        assertThat(Arrays.copyOf(again, fixed)).isEqualTo(Arrays.copyOf(input, fixed));
        assertThat(UdpCodec.encode(UdpCodec.decodeRequest(again, again.length))).isEqualTo(again);
    }

    /**
     * A datagram a client receives (the first byte says whether the request went over IPv6): refused with a
     * UdpProtocolException, or a reply that encodes back to the same bytes (an error's text up to UTF-8 repair).
     */
    @FuzzTest
    void replyDecodesOrRefuses(byte[] input) throws Exception {
        if (input.length == 0) return;
        boolean v6 = (input[0] & 1) == 1;
        byte[] datagram = Arrays.copyOfRange(input, 1, input.length);
        UdpMessage.Reply r;
        try {
            r = UdpCodec.decodeReply(datagram, datagram.length, v6);
        } catch (UdpProtocolException e) {
            return;
        }
        assertThat(UdpCodec.replyTransactionId(datagram, datagram.length)).contains(r.transactionId());
        byte[] again = UdpCodec.encode(r);
        if (r instanceof UdpMessage.Connected) assertThat(again).isEqualTo(Arrays.copyOf(datagram, 16));
        else if (!(r instanceof UdpMessage.Error)) assertThat(again).isEqualTo(datagram);
        assertThat(UdpCodec.encode(UdpCodec.decodeReply(again, again.length, v6))).isEqualTo(again);
    }

    /**
     * Datagrams (each a 2-byte length, then its bytes; at most 16) to one fresh tracker, from one client: every one is
     * dropped or answered with a reply a client can read, never larger than a frame, and, unless it carried the
     * client's valid connection id, never larger than the datagram. An all-zero connection id is replaced by the valid
     * one, so the fuzzer reaches announce and scrape as well as the refusals.
     */
    @FuzzTest
    void trackerAnswersEveryDatagram(byte[] input) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        ConnectionIds ids = new ConnectionIds(new byte[32], clock, Duration.ofMinutes(1));
        UdpTracker tracker = new UdpTracker(new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(60)), clock), ids);
        InetSocketAddress from = new InetSocketAddress("127.0.0.1", 6881);
        ByteBuffer in = ByteBuffer.wrap(input);
        for (int i = 0; i < 16 && in.remaining() >= 2; i++) {
            byte[] datagram = new byte[Math.min(in.getShort() & 0xffff, in.remaining())];
            in.get(datagram);
            boolean proven = datagram.length >= 8 && ByteBuffer.wrap(datagram, 0, 8).getLong() == 0;
            if (proven) ByteBuffer.wrap(datagram).putLong(ids.issue(from));
            Optional<byte[]> reply = tracker.answer(datagram, datagram.length, from);
            if (reply.isEmpty()) continue;
            byte[] r = reply.get();
            assertThat(r.length).isLessThanOrEqualTo(UdpTracker.MAX_REPLY_BYTES);
            if (!proven) assertThat(r.length).isLessThanOrEqualTo(datagram.length);
            UdpMessage.Reply decoded = UdpCodec.decodeReply(r, r.length, false);
            assertThat(decoded.transactionId()).isEqualTo(ByteBuffer.wrap(datagram, 12, 4).getInt());
        }
    }
}
