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

    @Test
    void compactAnnounceReturnsOtherPeersAndCounts() throws Exception {
        BDict first = announce(query(HASH, 1, 6881, 100, "&event=started&compact=1"));
        assertThat(failure(first)).isNull();
        assertThat(num(first, "interval")).isEqualTo(600);
        assertThat(num(first, "min interval")).isEqualTo(300);
        assertThat(compactPorts(first)).isEmpty();
        announce(query(HASH, 2, 6882, 0, "&event=started"));
        BDict third = announce(query(HASH, 3, 6883, 50, "&compact=1"));
        assertThat(compactPorts(third)).containsExactlyInAnyOrder(6881, 6882);
        assertThat(num(third, "complete")).isEqualTo(1);
        assertThat(num(third, "incomplete")).isEqualTo(2);
    }

    @Test
    void aSeederIsNotSentOtherSeeders() throws Exception {
        announce(query(HASH, 1, 7001, 0, ""));
        announce(query(HASH, 2, 7002, 0, ""));
        announce(query(HASH, 3, 7003, 10, ""));
        assertThat(compactPorts(announce(query(HASH, 4, 7004, 0, "")))).containsExactly(7003);
        assertThat(compactPorts(announce(query(HASH, 5, 7005, 99, "")))).containsExactlyInAnyOrder(7001, 7002, 7003, 7004);
    }

    @Test
    void stoppedRemovesThePeerAtOnce() throws Exception {
        announce(query(HASH, 1, 7001, 5, ""));
        announce(query(HASH, 2, 7002, 5, ""));
        BDict stop = announce(query(HASH, 1, 7001, 5, "&event=stopped"));
        assertThat(compactPorts(stop)).isEmpty();
        assertThat(compactPorts(announce(query(HASH, 3, 7003, 5, "")))).containsExactly(7002);
        assertThat(store.stats(new InfoHash(HASH), Instant.MIN).incomplete()).isEqualTo(2);
    }

    @Test
    void peersThatStopAnnouncingExpireAfterTwoIntervals() throws Exception {
        announce(query(HASH, 1, 7001, 5, ""));
        clock.advance(INTERVAL);
        announce(query(HASH, 2, 7002, 5, ""));
        clock.advance(INTERVAL.minusSeconds(1));
        assertThat(compactPorts(announce(query(HASH, 3, 7003, 5, "")))).as("1 is 2 intervals - 1 s old").containsExactlyInAnyOrder(7001, 7002);
        clock.advance(Duration.ofSeconds(2));
        BDict later = announce(query(HASH, 3, 7003, 5, ""));
        assertThat(compactPorts(later)).as("1 has expired").containsExactly(7002);
        assertThat(num(later, "incomplete")).isEqualTo(2);
        clock.advance(INTERVAL.multipliedBy(3));
        assertThat(tracker.purgeExpired()).isEqualTo(2);
        assertThat(store.swarmCount()).isZero();
    }

    @Test
    void reannouncingReplacesThePeerInsteadOfAddingIt() throws Exception {
        announce(query(HASH, 1, 7001, 5, ""));
        announce(query(HASH, 1, 7001, 0, "&event=completed"));
        BDict d = announce(query(HASH, 2, 7002, 5, ""));
        assertThat(num(d, "complete")).isEqualTo(1);
        assertThat(num(d, "incomplete")).isEqualTo(1);
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
    void anAnnounceWithAVictimsPeerIdFromElsewhereNeitherReplacesNorRemovesIt() throws Exception {
        InetAddress victim = InetAddress.getByName("198.18.0.1");
        InetAddress attacker = InetAddress.getByName("198.18.0.66");
        InetAddress observer = InetAddress.getByName("198.18.0.2");
        announce(query(HASH, 1, 7001, 5, "&event=started"), victim);

        announce(query(HASH, 1, 7001, 5, "&event=stopped"), attacker);
        assertThat(compactPeers(announce(query(HASH, 2, 7002, 5, ""), observer))).as("stopped from elsewhere").contains("198.18.0.1:7001");

        announce(query(HASH, 1, 9999, 5, ""), attacker);
        assertThat(compactPeers(announce(query(HASH, 2, 7002, 5, ""), observer)))
                .as("the victim's entry is still where it was; the attacker is a peer of its own")
                .containsExactlyInAnyOrder("198.18.0.1:7001", "198.18.0.66:9999");

        announce(query(HASH, 1, 7001, 5, "&event=stopped"), victim);
        assertThat(compactPeers(announce(query(HASH, 2, 7002, 5, ""), observer))).as("the peer itself may leave")
                .containsExactly("198.18.0.66:9999");
    }

    @Test
    void aPeerIsItsAddressAndPortSoARestartWithANewPeerIdReplacesIt() throws Exception {
        announce(query(HASH, 1, 7001, 5, ""));
        announce(query(HASH, 11, 7001, 0, "")); // same address and port, new peer id: the same client restarted
        BDict d = announce(query(HASH, 2, 7002, 5, ""));
        assertThat(compactPorts(d)).containsExactly(7001);
        assertThat(num(d, "complete")).isEqualTo(1);
        assertThat(num(d, "incomplete")).isEqualTo(1);
    }

    @Test
    void aPeerThatMovedProvesItWithItsKeyAndTakesItsEntryAlong() throws Exception {
        InetAddress before = InetAddress.getByName("198.18.0.1");
        InetAddress after = InetAddress.getByName("198.18.0.9");
        InetAddress attacker = InetAddress.getByName("198.18.0.66");
        InetAddress observer = InetAddress.getByName("198.18.0.2");
        announce(query(HASH, 1, 7001, 5, "&key=5eCr3t01"), before);

        announce(query(HASH, 1, 7001, 5, "&key=guessed1&event=stopped"), attacker);
        announce(query(HASH, 1, 7001, 5, "&event=stopped"), attacker);
        assertThat(compactPeers(announce(query(HASH, 2, 7002, 5, ""), observer))).as("a wrong key or none proves nothing")
                .containsExactly("198.18.0.1:7001");

        announce(query(HASH, 1, 7001, 5, "&key=5eCr3t01"), after);
        BDict moved = announce(query(HASH, 2, 7002, 5, ""), observer);
        assertThat(compactPeers(moved)).containsExactly("198.18.0.9:7001");
        assertThat(num(moved, "incomplete")).isEqualTo(2);

        announce(query(HASH, 1, 7001, 5, "&key=5eCr3t01&event=stopped"), before);
        assertThat(compactPeers(announce(query(HASH, 2, 7002, 5, ""), observer))).as("stopped from where it was, with its key")
                .isEmpty();
    }

    @Test
    void aDualStackPeerWithOneKeyIsOnePeerPerAddressFamily() throws Exception {
        InetAddress v4 = InetAddress.getByName("198.18.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        announce(query(HASH, 1, 7001, 5, "&key=k1"), v4);
        announce(query(HASH, 1, 7001, 5, "&key=k1"), v6);
        BDict d = announce(query(HASH, 2, 7002, 5, ""), InetAddress.getByName("198.18.0.2"));
        assertThat(compactPeers(d)).containsExactly("198.18.0.1:7001");
        assertThat(((BBytes) d.get("peers6").orElseThrow()).bytes()).hasSize(18);
    }

    @Test
    void dictionaryPeersWhenCompactIsZero() throws Exception {
        announce(query(HASH, 1, 7001, 5, ""));
        BDict d = announce(query(HASH, 2, 7002, 5, "&compact=0"));
        BList peers = (BList) d.get("peers").orElseThrow();
        assertThat(peers.values()).hasSize(1);
        BDict p = (BDict) peers.get(0);
        assertThat(((BBytes) p.get("ip").orElseThrow()).utf8Lenient()).isEqualTo("127.0.0.1");
        assertThat(num(p, "port")).isEqualTo(7001);
        assertThat(((BBytes) p.get("peer id").orElseThrow()).bytes()).isEqualTo(peerId(1));

        BDict noId = announce(query(HASH, 3, 7003, 5, "&compact=0&no_peer_id=1"));
        assertThat(((BList) noId.get("peers").orElseThrow()).values()).allSatisfy(v -> assertThat(((BDict) v).containsKey("peer id")).isFalse());
    }

    @Test
    void ipv6PeersGoToPeers6() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        announce(query(HASH, 1, 7001, 5, ""), v6);
        announce(query(HASH, 2, 7002, 5, ""));
        BDict d = announce(query(HASH, 3, 7003, 5, ""));
        byte[] peers6 = ((BBytes) d.get("peers6").orElseThrow()).bytes();
        assertThat(peers6).hasSize(18);
        assertThat(Arrays.copyOfRange(peers6, 0, 16)).isEqualTo(v6.getAddress());
        assertThat(ByteBuffer.wrap(peers6, 16, 2).getShort()).isEqualTo((short) 7001);
        assertThat(compactPorts(d)).containsExactly(7002);
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
    void numwantLimitsThePeerList() throws Exception {
        for (int i = 1; i <= 30; i++) announce(query(HASH, i, 7000 + i, 5, ""));
        assertThat(compactPorts(announce(query(HASH, 99, 7099, 5, "&numwant=7")))).hasSize(7);
        assertThat(compactPorts(announce(query(HASH, 99, 7099, 5, "&numwant=0")))).isEmpty();
        assertThat(compactPorts(announce(query(HASH, 99, 7099, 5, "")))).hasSize(30);
    }

    @Test
    void scrapeCountsSeedersLeechersAndCompletedDownloads() throws Exception {
        byte[] other = hash(2);
        announce(query(HASH, 1, 7001, 0, "&event=started"));
        announce(query(HASH, 2, 7002, 5, "&event=started"));
        announce(query(HASH, 2, 7002, 0, "&event=completed"));
        announce(query(HASH, 3, 7003, 5, ""));
        String q = "info_hash=" + UrlBytes.encode(HASH) + "&info_hash=" + UrlBytes.encode(other);
        BDict files = (BDict) Bencode.decodeDict(tracker.scrape(q.getBytes(ISO_8859_1), LOOPBACK)).get("files").orElseThrow();
        BDict s = (BDict) files.entries().get(BBytes.of(HASH));
        assertThat(num(s, "complete")).isEqualTo(2);
        assertThat(num(s, "incomplete")).isEqualTo(1);
        assertThat(num(s, "downloaded")).isEqualTo(1);
        BDict none = (BDict) files.entries().get(BBytes.of(other));
        assertThat(num(none, "complete") + num(none, "incomplete") + num(none, "downloaded")).isZero();
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
