package connectivity.torrent.tracker;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BInt;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.BValue;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.meta.UrlBytes;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrackerTest {
    static final Duration INTERVAL = Duration.ofSeconds(600);
    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final InMemorySwarmStore store = new InMemorySwarmStore();
    Tracker tracker = new Tracker(store, TrackerConfig.withInterval(INTERVAL), clock);

    static final byte[] HASH = hash(1);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    static byte[] hash(int seed) {
        byte[] h = new byte[20];
        for (int i = 0; i < 20; i++) h[i] = (byte) (seed * 31 + i * 7 + (i == 3 ? '%' : 0) + (i == 5 ? '&' : 0));
        h[0] = (byte) seed;
        h[1] = '&';
        h[2] = '=';
        h[4] = (byte) 0xff;
        return h;
    }

    static byte[] peerId(int n) {
        return String.format("-CT0001-%012d", n).getBytes(ISO_8859_1);
    }

    static String query(byte[] infoHash, int peer, int port, long left, String extra) {
        return "info_hash=" + UrlBytes.encode(infoHash) + "&peer_id=" + UrlBytes.encode(peerId(peer)) + "&port=" + port
                + "&uploaded=0&downloaded=0&left=" + left + extra;
    }

    BDict announce(String q, InetAddress from) throws Exception {
        return Bencode.decodeDict(tracker.announce(q.getBytes(ISO_8859_1), from));
    }

    BDict announce(String q) throws Exception {
        return announce(q, LOOPBACK);
    }

    static long num(BDict d, String key) {
        return ((BInt) d.get(key).orElseThrow()).value();
    }

    static Set<Integer> compactPorts(BDict d) {
        byte[] peers = ((BBytes) d.get("peers").orElseThrow()).bytes();
        assertThat(peers.length % 6).isZero();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < peers.length; i += 6) {
            assertThat(Arrays.copyOfRange(peers, i, i + 4)).containsExactly(127, 0, 0, 1);
            ports.add(ByteBuffer.wrap(peers, i + 4, 2).getShort() & 0xffff);
        }
        return ports;
    }

    static String failure(BDict d) {
        return d.get("failure reason").map(v -> ((BBytes) v).utf8Lenient()).orElse(null);
    }

    /** Compact IPv4 peers as "a.b.c.d:port". */
    static Set<String> compactPeers(BDict d) {
        byte[] peers = ((BBytes) d.get("peers").orElseThrow()).bytes();
        Set<String> out = new HashSet<>();
        for (int i = 0; i < peers.length; i += 6) {
            out.add((peers[i] & 0xff) + "." + (peers[i + 1] & 0xff) + "." + (peers[i + 2] & 0xff) + "." + (peers[i + 3] & 0xff)
                    + ":" + (ByteBuffer.wrap(peers, i + 4, 2).getShort() & 0xffff));
        }
        return out;
    }

    @Test
    void ipParameterIsHonouredFromLoopbackOnlyAsALiteral() throws Exception {
        announce(query(HASH, 1, 7001, 5, "&ip=10.1.2.3"));
        BDict d = announce(query(HASH, 2, 7002, 5, "&compact=0"));
        assertThat(((BBytes) ((BDict) ((BList) d.get("peers").orElseThrow()).get(0)).get("ip").orElseThrow()).utf8Lenient()).isEqualTo("10.1.2.3");
        assertThat(failure(announce(query(HASH, 3, 7003, 5, "&ip=example.com")))).contains("invalid ip");
        assertThat(failure(announce(query(HASH, 3, 7003, 5, "&ip=300.1.1.1")))).contains("invalid ip");
        InetAddress publicRemote = InetAddress.getByName("198.18.0.9");
        announce(query(HASH, 4, 7004, 5, "&ip=10.9.9.9"), publicRemote);
        BDict e = announce(query(HASH, 5, 7005, 5, "&compact=0&numwant=10"));
        List<String> ips = new ArrayList<>();
        for (BValue v : ((BList) e.get("peers").orElseThrow()).values()) ips.add(((BBytes) ((BDict) v).get("ip").orElseThrow()).utf8Lenient());
        assertThat(ips).contains("198.18.0.9").doesNotContain("10.9.9.9");
    }

    @Test
    void allowListRefusesOtherHashes() throws Exception {
        tracker = new Tracker(store, TrackerConfig.withInterval(INTERVAL).withAllowList(Set.of(new InfoHash(HASH))), clock);
        assertThat(failure(announce(query(HASH, 1, 7001, 5, "")))).isNull();
        assertThat(failure(announce(query(hash(9), 1, 7001, 5, "")))).contains("allow-list");
    }

    @Test
    void badRequestsGetAFailureReason() throws Exception {
        assertThat(failure(announce("peer_id=x&port=1"))).isEqualTo("missing info_hash");
        assertThat(failure(announce("info_hash=abc&peer_id=x&port=1&left=0"))).contains("expected 20 bytes, got 3");
        assertThat(failure(announce("info_hash=%zz"))).contains("bad percent-escape");
        assertThat(failure(announce("info_hash=%4"))).contains("truncated percent-escape");
        assertThat(failure(announce(query(HASH, 1, 0, 5, "")))).contains("invalid port");
        assertThat(failure(announce(query(HASH, 1, 70000, 5, "")))).contains("invalid port");
        assertThat(failure(announce(query(HASH, 1, 7001, 5, "&event=paused")))).contains("invalid event");
        assertThat(failure(announce(query(HASH, 1, 7001, 5, "").replace("&left=5", "")))).isEqualTo("missing left");
        assertThat(failure(announce(query(HASH, 1, 7001, 5, "").replace("left=5", "left=-1")))).contains("invalid left");
        assertThat(failure(Bencode.decodeDict(tracker.scrape(new byte[0], LOOPBACK)))).contains("at least one info_hash");
        assertThat(failure(announce(query(HASH, 1, 7001, 5, "&numwant=9999999999999999999")))).contains("invalid numwant");
        assertThat(failure(announce(query(HASH, 1, 7001, 5, "").replace("left=5", "left=9223372036854775808")))).contains("invalid left");
        assertThat(failure(announce(query(HASH, 1, 7001, 5, "&numwant=9223372036854775807")))).isNull();
    }

    @Test
    void queryDecodesPercentEscapesToRawBytes() throws Exception {
        QueryString q = QueryString.parse("a=%00%ff%41+b&c&d=1&d=2".getBytes(ISO_8859_1));
        assertThat(q.first("a").orElseThrow()).containsExactly(0, 0xff, 'A', '+', 'b');
        assertThat(q.first("c").orElseThrow()).isEmpty();
        assertThat(q.all("d")).extracting(b -> new String(b, ISO_8859_1)).containsExactly("1", "2");
    }
}
