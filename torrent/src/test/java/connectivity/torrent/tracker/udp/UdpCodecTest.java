package connectivity.torrent.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.tracker.AnnounceEvent;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UdpCodecTest {
    static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    static final byte[] PEER_ID = "-CN0001-abcdefghijkl".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    static UdpMessage.Announce announce(long cid, int tid, Optional<String> url) {
        return new UdpMessage.Announce(cid, tid, HASH, PEER_ID, 1, 2, 3, 2, 0, 0x01020304, 50, 6881, url);
    }

    @Test
    void connectIsSixteenBytesWithTheProtocolIdBothWays() throws Exception {
        byte[] request = UdpCodec.encode(new UdpMessage.Connect(0x11223344));
        assertThat(HexFormat.of().formatHex(request)).isEqualTo("0000041727101980" + "00000000" + "11223344");
        assertThat(UdpCodec.decodeRequest(request, request.length)).isEqualTo(new UdpMessage.Connect(0x11223344));

        byte[] reply = UdpCodec.encode(new UdpMessage.Connected(7, 0xCAFEBABEDEADBEEFL));
        assertThat(reply).hasSize(16);
        assertThat(UdpCodec.decodeReply(reply, reply.length, false)).isEqualTo(new UdpMessage.Connected(7, 0xCAFEBABEDEADBEEFL));

        byte[] noMagic = request.clone();
        noMagic[7] ^= 1;
        assertThatThrownBy(() -> UdpCodec.decodeRequest(noMagic, 16)).isInstanceOf(UdpProtocolException.class).hasMessageContaining("protocol id");
    }

    @Test
    void announceHasBep15sLayoutAndBep41UrlDataRoundTrips() throws Exception {
        byte[] plain = UdpCodec.encode(announce(42, 9, Optional.empty()));
        assertThat(plain).hasSize(98);
        ByteBuffer b = ByteBuffer.wrap(plain);
        assertThat(b.getLong()).isEqualTo(42);
        assertThat(b.getInt()).isEqualTo(UdpCodec.ANNOUNCE);
        assertThat(b.getInt()).isEqualTo(9);
        assertThat(Arrays.copyOfRange(plain, 16, 36)).isEqualTo(HASH.bytes());
        assertThat(Arrays.copyOfRange(plain, 36, 56)).isEqualTo(PEER_ID);
        assertThat(ByteBuffer.wrap(plain, 56, 8).getLong()).isEqualTo(1); // downloaded, left, uploaded in that order
        assertThat(ByteBuffer.wrap(plain, 64, 8).getLong()).isEqualTo(2);
        assertThat(ByteBuffer.wrap(plain, 72, 8).getLong()).isEqualTo(3);
        assertThat(ByteBuffer.wrap(plain, 96, 2).getShort() & 0xffff).isEqualTo(6881);

        String longUrl = "/announce?" + "x".repeat(300);
        byte[] withUrl = UdpCodec.encode(announce(42, 9, Optional.of(longUrl)));
        assertThat(withUrl).hasSize(98 + 2 + 255 + 2 + (longUrl.length() - 255));
        UdpMessage.Announce back = (UdpMessage.Announce) UdpCodec.decodeRequest(withUrl, withUrl.length);
        assertThat(back.urlData()).contains(longUrl);
        assertThat(back.peerId()).isEqualTo(PEER_ID);
        assertThat(UdpCodec.encode(back)).isEqualTo(withUrl);
    }

    @Test
    void announceOptionsAreSkippedNopEndAndUnknownAndACutOptionEndsTheList() throws Exception {
        byte[] base = UdpCodec.encode(announce(1, 1, Optional.empty()));
        byte[] options = {1, 1, 7, 2, 'z', 'z', 2, 2, '/', 'a', 0, 2, 3, 'n', 'o', '!'};
        byte[] p = Arrays.copyOf(base, base.length + options.length);
        System.arraycopy(options, 0, p, base.length, options.length);
        assertThat(((UdpMessage.Announce) UdpCodec.decodeRequest(p, p.length)).urlData()).contains("/a");

        byte[] cut = Arrays.copyOf(base, base.length + 3);
        cut[98] = 2;
        cut[99] = 50; // says 50 bytes, has 1
        assertThat(((UdpMessage.Announce) UdpCodec.decodeRequest(cut, cut.length)).urlData()).isEmpty();
    }

    @Test
    void shortOversizedAndUnknownRequestsAreRefused() {
        byte[] a = UdpCodec.encode(announce(1, 1, Optional.empty()));
        assertThatThrownBy(() -> UdpCodec.decodeRequest(a, 97)).isInstanceOf(UdpProtocolException.class).hasMessageContaining("shorter than 98");
        assertThatThrownBy(() -> UdpCodec.decodeRequest(a, 15)).isInstanceOf(UdpProtocolException.class);
        byte[] huge = Arrays.copyOf(a, UdpCodec.MAX_REQUEST_BYTES + 1);
        assertThatThrownBy(() -> UdpCodec.decodeRequest(huge, huge.length)).isInstanceOf(UdpProtocolException.class).hasMessageContaining("over");
        byte[] unknown = a.clone();
        unknown[11] = 9;
        assertThatThrownBy(() -> UdpCodec.decodeRequest(unknown, unknown.length)).hasMessageContaining("unknown action 9");
        byte[] scrape = UdpCodec.encode(new UdpMessage.Scrape(5, 6, List.of(HASH)));
        assertThatThrownBy(() -> UdpCodec.decodeRequest(scrape, 35)).hasMessageContaining("not 16 + 20");
        assertThatThrownBy(() -> UdpCodec.decodeRequest(scrape, 16)).hasMessageContaining("not 16 + 20");
    }

    @Test
    void aFullScrapeOf74HashesFitsTheLimitAndRoundTrips() throws Exception {
        List<InfoHash> hashes = IntStream.range(0, UdpCodec.MAX_SCRAPE_HASHES).mapToObj(i -> {
            byte[] h = new byte[20];
            h[0] = (byte) i;
            return new InfoHash(h);
        }).toList();
        byte[] s = UdpCodec.encode(new UdpMessage.Scrape(5, 6, hashes));
        assertThat(s).hasSize(UdpCodec.MAX_REQUEST_BYTES);
        assertThat(((UdpMessage.Scrape) UdpCodec.decodeRequest(s, s.length)).infoHashes()).isEqualTo(hashes);
        assertThatThrownBy(() -> new UdpMessage.Scrape(5, 6, java.util.Collections.nCopies(75, HASH))).isInstanceOf(IllegalArgumentException.class);

        byte[] reply = UdpCodec.encode(new UdpMessage.Scraped(6, List.of(new UdpMessage.ScrapeCounts(1, 2, 3))));
        assertThat(HexFormat.of().formatHex(reply)).isEqualTo("00000002" + "00000006" + "00000001" + "00000002" + "00000003");
        assertThat(UdpCodec.decodeReply(reply, reply.length, false)).isEqualTo(new UdpMessage.Scraped(6, List.of(new UdpMessage.ScrapeCounts(1, 2, 3))));
        assertThatThrownBy(() -> UdpCodec.decodeReply(reply, reply.length - 1, false)).hasMessageContaining("not a multiple of 12");
    }

    @Test
    void announceRepliesCarryIpv4OrIpv6EntriesByTheRequestsFamily() throws Exception {
        List<InetSocketAddress> v4 = List.of(new InetSocketAddress("127.0.0.1", 6881), new InetSocketAddress("10.1.2.3", 1));
        byte[] r4 = UdpCodec.encode(new UdpMessage.Announced(3, 1800, 4, 5, v4));
        assertThat(r4).hasSize(20 + 12);
        assertThat(UdpCodec.decodeReply(r4, r4.length, false)).isEqualTo(new UdpMessage.Announced(3, 1800, 4, 5, v4));

        List<InetSocketAddress> v6 = List.of(new InetSocketAddress("::1", 6881), new InetSocketAddress("2001:db8::7", 80));
        byte[] r6 = UdpCodec.encode(new UdpMessage.Announced(3, 1800, 4, 5, v6));
        assertThat(r6).hasSize(20 + 36);
        assertThat(UdpCodec.decodeReply(r6, r6.length, true)).isEqualTo(new UdpMessage.Announced(3, 1800, 4, 5, v6));
        // Read with the wrong family, 36 bytes are six IPv4 entries: the family comes from the socket, not the bytes.
        assertThat(((UdpMessage.Announced) UdpCodec.decodeReply(r6, r6.length, false)).peers()).hasSize(6);
        assertThatThrownBy(() -> UdpCodec.decodeReply(r4, r4.length - 1, false)).hasMessageContaining("not a multiple of 6");
        assertThatThrownBy(() -> UdpCodec.encode(new UdpMessage.Announced(3, 1, 0, 0, List.of(v4.get(0), v6.get(0)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBareEightByteAnnounceReplyAndErrorsDecodeAsTheyAre() throws Exception {
        byte[] bare = ByteBuffer.allocate(8).putInt(UdpCodec.ANNOUNCE).putInt(77).array();
        assertThatThrownBy(() -> UdpCodec.decodeReply(bare, 8, false)).isInstanceOf(UdpProtocolException.class).hasMessageContaining("shorter than 20");
        assertThat(UdpCodec.replyTransactionId(bare, 8)).contains(77);
        assertThat(UdpCodec.replyTransactionId(bare, 7)).isEmpty();

        byte[] error = UdpCodec.encode(new UdpMessage.Error(77, "not allowed"));
        assertThat(UdpCodec.decodeReply(error, error.length, false)).isEqualTo(new UdpMessage.Error(77, "not allowed"));
        byte[] connectShort = ByteBuffer.allocate(12).putInt(UdpCodec.CONNECT).putInt(1).putInt(0).array();
        assertThatThrownBy(() -> UdpCodec.decodeReply(connectShort, 12, false)).hasMessageContaining("shorter than 16");
    }

    @Test
    void eventsUseBep15sNumbers() {
        assertThat(UdpCodec.event(AnnounceEvent.NONE)).isZero();
        assertThat(UdpCodec.event(AnnounceEvent.COMPLETED)).isEqualTo(1);
        assertThat(UdpCodec.event(AnnounceEvent.STARTED)).isEqualTo(2);
        assertThat(UdpCodec.event(AnnounceEvent.STOPPED)).isEqualTo(3);
        for (AnnounceEvent e : AnnounceEvent.values()) assertThat(UdpCodec.event(UdpCodec.event(e))).contains(e);
        assertThat(UdpCodec.event(4)).isEmpty();
    }
}
