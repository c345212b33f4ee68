package connectivity.torrent.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.tracker.AnnounceEvent;
import connectivity.torrent.tracker.AnnounceRequest;
import connectivity.torrent.tracker.AnnounceResponse;
import connectivity.torrent.tracker.InMemorySwarmStore;
import connectivity.torrent.tracker.MutableClock;
import connectivity.torrent.tracker.SwarmStore;
import connectivity.torrent.tracker.Tracker;
import connectivity.torrent.tracker.TrackerClient;
import connectivity.torrent.tracker.TrackerConfig;
import connectivity.torrent.tracker.TrackerException;
import connectivity.torrent.tracker.TrackerPeer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our UDP tracker client against our UDP tracker server, and against scripted hostile ones, on 127.0.0.1. */
@Timeout(30)
class UdpTrackerClientTest {
    static final InfoHash HASH = UdpCodecTest.HASH;
    static final UdpTimings FAST = new UdpTimings(Duration.ofMillis(100), 3, Duration.ofMinutes(1));
    static final InetSocketAddress BOGUS_PEER = new InetSocketAddress("192.0.2.66", 666);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T00:00:00Z"));
    final UdpTrackerClient client = new UdpTrackerClient(FAST, clock, new Random(1));

    @AfterEach
    void closeClient() {
        client.close();
    }

    static AnnounceRequest request(int n, long left) {
        byte[] id = ("-CN0001-00000000000" + n).getBytes(StandardCharsets.ISO_8859_1);
        return AnnounceRequest.of(HASH, id, 7000 + n, left, AnnounceEvent.STARTED);
    }

    static UdpTracker logic(Clock clock) {
        return new UdpTracker(new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(900)), clock), ConnectionIds.random(clock));
    }

    /** A script that answers as our tracker would, on the test's clock. */
    static ScriptedUdpTracker.Script honest(UdpTracker t) {
        return (data, from, s) -> {
            var reply = t.answer(data, data.length, from);
            if (reply.isPresent()) s.reply(reply.get(), from);
        };
    }

    @Test
    void announcesAndScrapesOurServer() throws Exception {
        try (UdpTrackerServer server = UdpTrackerServer.start(logic(Clock.systemUTC()), "127.0.0.1", 0)) {
            String url = server.announceUrl();
            assertThat(url).startsWith("udp://127.0.0.1:");
            AnnounceResponse first = client.announce(url, request(1, 0));
            assertThat(first.interval()).isEqualTo(Duration.ofSeconds(900));
            assertThat(first.peers()).isEmpty();
            AnnounceResponse second = client.announce(url, request(2, 100));
            assertThat(second.peers()).extracting(TrackerPeer::address).containsExactly(new InetSocketAddress("127.0.0.1", 7001));
            assertThat(second.complete()).hasValue(1);
            assertThat(second.incomplete()).hasValue(1);
            Map<InfoHash, SwarmStore.SwarmStats> scrape = client.scrape(url, List.of(HASH));
            assertThat(scrape.get(HASH)).isEqualTo(new SwarmStore.SwarmStats(1, 1, 0));
        }
    }

    @Test
    void overIpv6TheRepliesCarryIpv6Peers() throws Exception {
        UdpTrackerServer server;
        try {
            server = UdpTrackerServer.start(logic(Clock.systemUTC()), "::1", 0);
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
            return;
        }
        try (server) {
            String url = server.announceUrl();
            assertThat(url).startsWith("udp://[::1]:");
            client.announce(url, request(1, 0));
            AnnounceResponse r = client.announce(url, request(2, 5));
            assertThat(r.peers()).extracting(TrackerPeer::address).containsExactly(new InetSocketAddress("::1", 7001));
            assertThat(client.scrape(url, List.of(HASH)).get(HASH)).isEqualTo(new SwarmStore.SwarmStats(1, 1, 0));
        }
    }

    @Test
    void aConnectionIdIsReusedForItsLifetimeThenRenewed() throws Exception {
        try (ScriptedUdpTracker t = new ScriptedUdpTracker(honest(logic(clock)))) {
            client.announce(t.url(), request(1, 0));
            client.announce(t.url(), request(2, 0));
            client.scrape(t.url(), List.of(HASH));
            assertThat(t.count(UdpCodec.CONNECT)).isEqualTo(1);
            clock.advance(Duration.ofSeconds(61));
            client.announce(t.url(), request(1, 0));
            assertThat(t.count(UdpCodec.CONNECT)).isEqualTo(2);
            assertThat(t.count(UdpCodec.ANNOUNCE)).isEqualTo(3);
        }
    }

    @Test
    void unansweredRequestsAreSentAgainBackingOff() throws Exception {
        UdpTracker logic = logic(clock);
        try (ScriptedUdpTracker t = new ScriptedUdpTracker((data, from, s) -> {
            // The first connect and the first announce go unanswered.
            if (s.arrivals.size() != 1 && s.arrivals.size() != 3) honest(logic).on(data, from, s);
        })) {
            long start = System.nanoTime();
            client.announce(t.url(), request(1, 0));
            long took = System.nanoTime() - start;
            List<ScriptedUdpTracker.Arrival> a = t.arrivals;
            assertThat(a).hasSize(4);
            assertThat(List.of(action(a.get(0)), action(a.get(1)), action(a.get(2)), action(a.get(3))))
                    .containsExactly(UdpCodec.CONNECT, UdpCodec.CONNECT, UdpCodec.ANNOUNCE, UdpCodec.ANNOUNCE);
            // Timed at the client, where a wait can only come out longer, never shorter (the gaps between arrivals
            // at the tracker shrink when a loaded machine delivers the first datagram late). n counts across the
            // exchange: base for the connect's retransmission, then base * 2^1 for the announce's, not base again.
            assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(FAST.wait(0).plus(FAST.wait(1)));
        }
    }

    private static int action(ScriptedUdpTracker.Arrival arrival) {
        return ByteBuffer.wrap(arrival.data(), 8, 4).getInt();
    }

    @Test
    void aSilentTrackerIsGivenUpAfterTheLastRetransmission() throws Exception {
        try (ScriptedUdpTracker t = new ScriptedUdpTracker((data, from, s) -> {})) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.announce(t.url(), request(1, 0))).isInstanceOf(TrackerException.class)
                    .hasMessageContaining("no answer within 1.5 s (4 tries, connecting)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(FAST.giveUpAfter());
            assertThat(t.count(UdpCodec.CONNECT)).isEqualTo(4);
        }
    }

    @Test
    void repliesWithTheWrongTransactionIdOrFromAnotherAddressAreIgnored() throws Exception {
        UdpTracker logic = logic(clock);
        try (ScriptedUdpTracker t = new ScriptedUdpTracker((data, from, s) -> {
            int tid = ByteBuffer.wrap(data, 12, 4).getInt();
            int action = ByteBuffer.wrap(data, 8, 4).getInt();
            if (action == UdpCodec.CONNECT) {
                s.reply(UdpCodec.encode(new UdpMessage.Connected(tid + 1, 1)), from);
                s.replyFromElsewhere(UdpCodec.encode(new UdpMessage.Connected(tid, 2)), from);
            } else {
                s.reply(UdpCodec.encode(new UdpMessage.Announced(tid ^ 0x100, 60, 0, 0, List.of(BOGUS_PEER))), from);
                s.replyFromElsewhere(UdpCodec.encode(new UdpMessage.Announced(tid, 60, 0, 0, List.of(BOGUS_PEER))), from);
                s.reply(new byte[] {1, 2, 3}, from); // too short to carry a transaction id
            }
            honest(logic).on(data, from, s);
        })) {
            client.announce(t.url(), request(1, 0));
            AnnounceResponse r = client.announce(t.url(), request(2, 5));
            assertThat(r.peers()).extracting(TrackerPeer::address).containsExactly(new InetSocketAddress("127.0.0.1", 7001));
            assertThat(r.interval()).isEqualTo(Duration.ofSeconds(900));
        }
    }

    @Test
    void truncatedRepliesErrorsAndTheBareEightBytesFailAtOnce() throws Exception {
        for (var c : List.<java.util.Map.Entry<java.util.function.IntFunction<byte[]>, String>>of(
                Map.entry(tid -> java.util.Arrays.copyOf(UdpCodec.encode(new UdpMessage.Announced(tid, 60, 0, 0, List.of(BOGUS_PEER))), 23),
                        "malformed reply: announce reply's 3 bytes of peers are not a multiple of 6"),
                Map.entry(tid -> java.util.Arrays.copyOf(UdpCodec.encode(new UdpMessage.Announced(tid, 60, 0, 0, List.of())), 12),
                        "malformed reply: announce reply of 12 bytes is shorter than 20"),
                Map.entry(tid -> java.util.Arrays.copyOf(UdpCodec.encode(new UdpMessage.Announced(tid, 60, 0, 0, List.of())), 8),
                        "refused: announce reply of 8 bytes with no peers and no error"),
                Map.entry(tid -> UdpCodec.encode(new UdpMessage.Error(tid, "torrent\nnot registered")), "refused: torrent?not registered"),
                Map.entry(tid -> UdpCodec.encode(new UdpMessage.Scraped(tid, List.of())), "answered action 1 with action 2"))) {
            try (ScriptedUdpTracker t = new ScriptedUdpTracker((data, from, s) -> {
                int tid = ByteBuffer.wrap(data, 12, 4).getInt();
                if (ByteBuffer.wrap(data, 8, 4).getInt() == UdpCodec.CONNECT) s.reply(UdpCodec.encode(new UdpMessage.Connected(tid, 9)), from);
                else s.reply(c.getKey().apply(tid), from);
            })) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> client.announce(t.url(), request(1, 0))).isInstanceOf(TrackerException.class)
                        .hasMessageStartingWith(t.url()).hasMessageContaining(c.getValue());
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no retransmission").isLessThan(FAST.base());
            }
        }
    }

    @Test
    void tiersWorkTheSameForUdpAndHttp() throws Exception {
        try (UdpTrackerServer server = UdpTrackerServer.start(logic(Clock.systemUTC()), "127.0.0.1", 0);
                ScriptedUdpTracker silent = new ScriptedUdpTracker((data, from, s) -> {})) {
            String good = server.announceUrl();
            // Tier 1 holds a silent tracker and ours; whichever the shuffle puts first, ours answers and moves to the front.
            TrackerClient tc = new TrackerClient(List.of(List.of(silent.url(), good), List.of("http://127.0.0.1:1/announce")),
                    uri -> {
                        throw new AssertionError("tier 2 is not needed");
                    }, client, new Random(7));
            assertThat(tc.announce(request(1, 0)).trackerUrl()).isEqualTo(good);
            assertThat(tc.tiers().getFirst()).containsExactly(good, silent.url());

            // A first tier that fails entirely falls through to the next, HTTP one.
            TrackerClient fallback = new TrackerClient(List.of(List.of(silent.url()), List.of("http://127.0.0.1:1/announce")),
                    uri -> connectivity.torrent.bencode.Bencode.encode(connectivity.torrent.bencode.BDict.builder().put("interval", 60).put("peers", new byte[0]).build()),
                    client, new Random(7));
            assertThat(fallback.announce(request(1, 0)).trackerUrl()).isEqualTo("http://127.0.0.1:1/announce");
        }
    }
}
