package connectivity.torrent.tracker.redis;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.net.testing.RedisProcess;
import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BInt;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.meta.UrlBytes;
import connectivity.torrent.tracker.MutableClock;
import connectivity.torrent.tracker.SwarmStoreUnavailableException;
import connectivity.torrent.tracker.Tracker;
import connectivity.torrent.tracker.TrackerConfig;
import connectivity.torrent.tracker.udp.ConnectionIds;
import connectivity.torrent.tracker.udp.UdpCodec;
import connectivity.torrent.tracker.udp.UdpMessage;
import connectivity.torrent.tracker.udp.UdpTracker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Redis going away and coming back, under both faces of the tracker: refusals the client can retry, no restart. */
@Timeout(60)
class RedisSwarmStoreFaultTest {
    static final byte[] HASH = new byte[20];
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T00:00:00Z"));
    RedisProcess redisServer;
    RedisSwarmStore store;
    Tracker tracker;

    static {
        Arrays.fill(HASH, (byte) 0x5a);
    }

    @BeforeEach
    void start() throws Exception {
        redisServer = RedisProcess.start();
        store = RedisSwarmStore.connect(RedisAddress.parse(redisServer.uri()), Optional.empty());
        tracker = new Tracker(store, TrackerConfig.withInterval(Duration.ofSeconds(600)), clock);
    }

    @AfterEach
    void stop() throws Exception {
        if (store != null) store.close();
        if (redisServer != null) redisServer.close();
    }

    BDict announce(int port) throws Exception {
        String q = "info_hash=" + UrlBytes.encode(HASH) + "&peer_id=" + UrlBytes.encode(String.format("-CT0001-%012d", port).getBytes(ISO_8859_1))
                + "&port=" + port + "&uploaded=0&downloaded=0&left=5";
        return Bencode.decodeDict(tracker.announce(q.getBytes(ISO_8859_1), LOOPBACK));
    }

    static Optional<String> failure(BDict d) {
        return d.get("failure reason").map(v -> ((BBytes) v).utf8Lenient());
    }

    @Test
    void httpAnnouncesAndScrapesGetAFailureReasonWhileRedisIsDownAndWorkAgainOnceItIsBack() throws Exception {
        assertThat(failure(announce(7001))).isEmpty();

        redisServer.stop();
        for (int i = 0; i < 50; i++) {
            BDict refused = announce(7002 + i);
            assertThat(failure(refused)).contains(Tracker.STORE_UNAVAILABLE);
            assertThat(((BInt) refused.get("retry in").orElseThrow()).value()).isPositive();
        }
        BDict scrape = Bencode.decodeDict(tracker.scrape(("info_hash=" + UrlBytes.encode(HASH)).getBytes(ISO_8859_1), LOOPBACK));
        assertThat(failure(scrape)).contains(Tracker.STORE_UNAVAILABLE);
        assertThatThrownBy(tracker::purgeExpired).isInstanceOf(SwarmStoreUnavailableException.class);

        redisServer.restart(); // empty, and without the scripts it had cached
        assertThat(failure(announce(7001))).isEmpty();
        BDict second = announce(7002);
        assertThat(failure(second)).isEmpty();
        assertThat(((BInt) second.get("incomplete").orElseThrow()).value()).isEqualTo(2);
        assertThat(tracker.scrape(new InfoHash(HASH)).orElseThrow().incomplete()).isEqualTo(2);
    }

    @Test
    void udpAnnouncesAndScrapesGetAnErrorWhileRedisIsDownAndWorkAgainOnceItIsBack() throws Exception {
        UdpTracker udp = new UdpTracker(tracker, ConnectionIds.random(clock));
        InetSocketAddress from = new InetSocketAddress("127.0.0.1", 40001);
        long cid = ((UdpMessage.Connected) ask(udp, new UdpMessage.Connect(1), from)).connectionId();
        UdpMessage.Announce announce = new UdpMessage.Announce(cid, 2, new InfoHash(HASH), String.format("-CT0001-%012d", 1).getBytes(ISO_8859_1),
                0, 5, 0, 2, 0, 7, -1, 40001, Optional.empty());
        assertThat(ask(udp, announce, from)).isInstanceOf(UdpMessage.Announced.class);

        redisServer.stop();
        assertThat(ask(udp, announce, from)).isEqualTo(new UdpMessage.Error(2, Tracker.STORE_UNAVAILABLE));
        assertThat(ask(udp, new UdpMessage.Scrape(cid, 3, java.util.List.of(new InfoHash(HASH))), from))
                .isEqualTo(new UdpMessage.Error(3, Tracker.STORE_UNAVAILABLE));

        redisServer.restart();
        UdpMessage.Reply back = ask(udp, announce, from);
        assertThat(back).isInstanceOf(UdpMessage.Announced.class);
    }

    static UdpMessage.Reply ask(UdpTracker t, UdpMessage.Request r, InetSocketAddress from) throws Exception {
        byte[] b = UdpCodec.encode(r);
        byte[] reply = t.answer(b, b.length, from).orElseThrow();
        return UdpCodec.decodeReply(reply, reply.length, false);
    }
}
