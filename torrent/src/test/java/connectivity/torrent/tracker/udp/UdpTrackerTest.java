package connectivity.torrent.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.tracker.InMemorySwarmStore;
import connectivity.torrent.tracker.MutableClock;
import connectivity.torrent.tracker.Tracker;
import connectivity.torrent.tracker.TrackerConfig;
import connectivity.torrent.tracker.TrackerLimits;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The UDP tracker's logic on datagrams as bytes, without a socket, on a clock the test moves. */
class UdpTrackerTest {
    static final InfoHash HASH = UdpCodecTest.HASH;
    static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 40001);
    static final InetSocketAddress BOB = new InetSocketAddress("127.0.0.1", 40002);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T00:00:00Z"));

    UdpTracker tracker(TrackerConfig config) {
        return new UdpTracker(new Tracker(new InMemorySwarmStore(), config, clock),
                new ConnectionIds(ConnectionIdsTest.SECRET, clock, Duration.ofMinutes(1)));
    }

    UdpTracker tracker() {
        return tracker(TrackerConfig.withInterval(Duration.ofSeconds(900)));
    }

    static UdpMessage.Reply ask(UdpTracker t, UdpMessage.Request r, InetSocketAddress from, boolean v6) throws Exception {
        byte[] b = UdpCodec.encode(r);
        byte[] reply = t.answer(b, b.length, from).orElseThrow(() -> new AssertionError("no reply to " + r));
        assertThat(reply.length).as("a reply to an unproven source is never larger than its request")
                .satisfiesAnyOf(n -> assertThat(r).isNotInstanceOf(UdpMessage.Connect.class), n -> assertThat(n).isLessThanOrEqualTo(b.length));
        return UdpCodec.decodeReply(reply, reply.length, v6);
    }

    static long connect(UdpTracker t, InetSocketAddress from) throws Exception {
        return ((UdpMessage.Connected) ask(t, new UdpMessage.Connect(5), from, false)).connectionId();
    }

    static UdpMessage.Announce announce(long cid, int port, long left, int ipv4) {
        byte[] id = UdpCodecTest.PEER_ID.clone();
        id[19] = (byte) port;
        return new UdpMessage.Announce(cid, 8, HASH, id, 0, left, 0, 2, ipv4, port, -1, port, Optional.empty());
    }

    @Test
    void connectGetsSixteenBytesAndAWrongIdGetsAShortErrorAndStoresNothing() throws Exception {
        UdpTracker t = tracker();
        byte[] connect = UdpCodec.encode(new UdpMessage.Connect(99));
        byte[] reply = t.answer(connect, connect.length, ALICE).orElseThrow();
        assertThat(reply).hasSize(16);
        long cid = ((UdpMessage.Connected) UdpCodec.decodeReply(reply, 16, false)).connectionId();

        for (long wrong : new long[] {cid ^ 1, 0, UdpCodec.PROTOCOL_ID}) {
            byte[] a = UdpCodec.encode(announce(wrong, 6881, 0, 0));
            byte[] r = t.answer(a, a.length, ALICE).orElseThrow();
            assertThat(r.length).isLessThan(36);
            assertThat(UdpCodec.decodeReply(r, r.length, false)).isEqualTo(new UdpMessage.Error(8, UdpTracker.BAD_CONNECTION_ID));
            byte[] s = UdpCodec.encode(new UdpMessage.Scrape(wrong, 3, List.of(HASH)));
            byte[] sr = t.answer(s, s.length, ALICE).orElseThrow();
            assertThat(sr.length).isLessThanOrEqualTo(s.length);
        }
        // Alice's id from Bob's port: the id proves an address and port, not a peer.
        byte[] a = UdpCodec.encode(announce(cid, 6881, 0, 0));
        assertThat(UdpCodec.decodeReply(t.answer(a, a.length, BOB).orElseThrow(), 25, false)).isInstanceOf(UdpMessage.Error.class);
        assertThat(t.tracker().scrape(HASH).orElseThrow().complete()).isZero();
    }

    @Test
    void announcesWithValidIdsJoinTheSwarmAndSeeEachOther() throws Exception {
        UdpTracker t = tracker();
        UdpMessage.Announced first = (UdpMessage.Announced) ask(t, announce(connect(t, ALICE), 7001, 0, 0), ALICE, false);
        assertThat(first.interval()).isEqualTo(900);
        assertThat(first.peers()).isEmpty();
        assertThat(first.seeders()).isEqualTo(1);
        UdpMessage.Announced second = (UdpMessage.Announced) ask(t, announce(connect(t, BOB), 7002, 10, 0), BOB, false);
        assertThat(second.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 7001));
        assertThat(second.seeders()).isEqualTo(1);
        assertThat(second.leechers()).isEqualTo(1);

        UdpMessage.Scraped s = (UdpMessage.Scraped) ask(t, new UdpMessage.Scrape(connect(t, ALICE), 4, List.of(HASH, UdpCodecTest.HASH)), ALICE, false);
        assertThat(s.counts()).containsExactly(new UdpMessage.ScrapeCounts(1, 0, 1), new UdpMessage.ScrapeCounts(1, 0, 1));

        // Stopped (event 3) leaves the swarm.
        UdpMessage.Announce stop = announce(connect(t, BOB), 7002, 10, 0);
        stop = new UdpMessage.Announce(stop.connectionId(), 8, HASH, stop.peerId(), 0, 10, 0, 3, 0, 0, -1, 7002, Optional.empty());
        ask(t, stop, BOB, false);
        assertThat(t.tracker().scrape(HASH).orElseThrow().incomplete()).isZero();
    }

    @Test
    void anIdExpiresAfterTwoSlotsAndCanBeRenewed() throws Exception {
        UdpTracker t = tracker();
        long cid = connect(t, ALICE);
        clock.advance(Duration.ofSeconds(61));
        assertThat(ask(t, announce(cid, 7001, 0, 0), ALICE, false)).isInstanceOf(UdpMessage.Announced.class);
        clock.advance(Duration.ofSeconds(60));
        assertThat(ask(t, announce(cid, 7001, 0, 0), ALICE, false)).isEqualTo(new UdpMessage.Error(8, UdpTracker.BAD_CONNECTION_ID));
        assertThat(ask(t, announce(connect(t, ALICE), 7001, 0, 0), ALICE, false)).isInstanceOf(UdpMessage.Announced.class);
    }

    @Test
    void anIpv6ClientGetsOnlyIpv6Peers() throws Exception {
        UdpTracker t = tracker();
        InetSocketAddress v6a = new InetSocketAddress("::1", 40003), v6b = new InetSocketAddress("::1", 40004);
        ask(t, announce(connect(t, ALICE), 7001, 10, 0), ALICE, false);
        ask(t, announce(connect(t, v6a), 7003, 10, 0), v6a, true);
        UdpMessage.Announced r = (UdpMessage.Announced) ask(t, announce(connect(t, v6b), 7004, 10, 0), v6b, true);
        assertThat(r.peers()).containsExactly(new InetSocketAddress("::1", 7003));
        UdpMessage.Announced v4 = (UdpMessage.Announced) ask(t, announce(connect(t, BOB), 7002, 10, 0), BOB, false);
        assertThat(v4.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 7001));
    }

    @Test
    void theIpFieldCountsOnlyFromPrivateNetworks() throws Exception {
        UdpTracker t = tracker();
        int tenDotFive = 10 << 24 | 5;
        ask(t, announce(connect(t, ALICE), 7001, 10, tenDotFive), ALICE, false);
        InetSocketAddress publicPeer = new InetSocketAddress("192.0.2.9", 5000);
        ask(t, announce(connect(t, publicPeer), 7005, 10, tenDotFive), publicPeer, false);
        UdpMessage.Announced r = (UdpMessage.Announced) ask(t, announce(connect(t, BOB), 7002, 10, 0), BOB, false);
        assertThat(r.peers()).containsExactlyInAnyOrder(new InetSocketAddress("10.0.0.5", 7001), new InetSocketAddress("192.0.2.9", 7005));
    }

    @Test
    void sameRulesAndLimitsAsOverHttp() throws Exception {
        InfoHash other = InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff");
        UdpTracker allow = tracker(TrackerConfig.withInterval(Duration.ofSeconds(900)).withAllowList(Set.of(other)));
        assertThat(ask(allow, announce(connect(allow, ALICE), 7001, 0, 0), ALICE, false))
                .isEqualTo(new UdpMessage.Error(8, "info_hash is not on this tracker's allow-list"));
        UdpTracker full = tracker(TrackerConfig.withInterval(Duration.ofSeconds(900)).withLimits(new TrackerLimits(10, 1, 10)));
        ask(full, announce(connect(full, ALICE), 7001, 0, 0), ALICE, false);
        assertThat(ask(full, announce(connect(full, BOB), 7002, 0, 0), BOB, false)).isEqualTo(new UdpMessage.Error(8, "swarm is full (1 peers)"));
        UdpMessage.Announce port0 = announce(connect(full, BOB), 7002, 0, 0);
        port0 = new UdpMessage.Announce(port0.connectionId(), 8, other, port0.peerId(), 0, 0, 0, 2, 0, 0, -1, 0, Optional.empty());
        assertThat(ask(full, port0, BOB, false)).isEqualTo(new UdpMessage.Error(8, "invalid port: 0"));
        UdpMessage.Announce badEvent = new UdpMessage.Announce(port0.connectionId(), 8, other, port0.peerId(), 0, 0, 0, 4, 0, 0, -1, 1, Optional.empty());
        assertThat(ask(full, badEvent, BOB, false)).isEqualTo(new UdpMessage.Error(8, "invalid event 4"));
    }

    @Test
    void repliesFitOneFrameWhateverNumwantSays() throws Exception {
        UdpTracker t = tracker(new TrackerConfig(Duration.ofSeconds(900), Duration.ofSeconds(450), Duration.ofSeconds(1800), 50, 500,
                Optional.empty(), TrackerLimits.DEFAULTS));
        for (int i = 0; i < 300; i++) {
            InetSocketAddress p = new InetSocketAddress("::1", 20000 + i);
            ask(t, announce(connect(t, p), 1000 + i, 10, 0), p, true);
        }
        InetSocketAddress me = new InetSocketAddress("::1", 30000);
        UdpMessage.Announce all = announce(connect(t, me), 9999, 10, 0);
        all = new UdpMessage.Announce(all.connectionId(), 8, HASH, all.peerId(), 0, 10, 0, 0, 0, 0, 400, 9999, Optional.empty());
        byte[] b = UdpCodec.encode(all);
        byte[] reply = t.answer(b, b.length, me).orElseThrow();
        assertThat(reply.length).isLessThanOrEqualTo(UdpTracker.MAX_REPLY_BYTES);
        assertThat(((UdpMessage.Announced) UdpCodec.decodeReply(reply, reply.length, true)).peers()).hasSize((UdpTracker.MAX_REPLY_BYTES - 20) / 18);
    }

    @Test
    void malformedShortAndOversizedDatagramsAreDropped() {
        UdpTracker t = tracker();
        byte[] connect = UdpCodec.encode(new UdpMessage.Connect(1));
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[0]);
        bad.add(Arrays.copyOf(connect, 15));
        byte[] noMagic = connect.clone();
        noMagic[0] = 1;
        bad.add(noMagic);
        byte[] unknownAction = connect.clone();
        unknownAction[11] = 7;
        bad.add(unknownAction);
        bad.add(Arrays.copyOf(UdpCodec.encode(announce(1, 1, 0, 0)), 97));
        bad.add(new byte[UdpCodec.MAX_REQUEST_BYTES + 1]);
        byte[] bigConnect = Arrays.copyOf(connect, UdpCodec.MAX_REQUEST_BYTES + 1);
        bad.add(bigConnect);
        for (byte[] b : bad) assertThat(t.answer(b, b.length, ALICE)).as("%d bytes", b.length).isEmpty();
    }
}
