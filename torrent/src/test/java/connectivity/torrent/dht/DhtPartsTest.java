package connectivity.torrent.dht;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.dht.KrpcMessage.AnnouncePeer;
import connectivity.torrent.dht.KrpcMessage.FindNode;
import connectivity.torrent.dht.KrpcMessage.GetPeers;
import connectivity.torrent.dht.KrpcMessage.Response;
import connectivity.torrent.dht.KrpcMessage.UnknownQuery;
import connectivity.torrent.dht.RoutingTableTest.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tokens, the peer store, the rate limiter, BEP 42 IDs and the responder, without sockets. */
class DhtPartsTest {
    private final MutableClock clock = new MutableClock();
    private final Random random = new Random(3);
    private static final byte[] T = {1, 2};

    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    @Test
    void tokensRotateEveryFiveMinutesAndThePreviousStillCounts() throws Exception {
        Tokens tokens = new Tokens(clock, new SecureRandom());
        InetAddress a = InetAddress.getByName("198.51.100.1"), b = InetAddress.getByName("198.51.100.2");
        byte[] t = tokens.issue(a);
        assertThat(tokens.valid(t, a)).isTrue();
        assertThat(tokens.valid(t, b)).as("bound to the querier's IP").isFalse();
        clock.advance(Duration.ofMinutes(6));
        assertThat(tokens.valid(t, a)).as("made with the previous secret").isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(tokens.valid(t, a)).as("two rotations later").isFalse();
    }

    @Test
    void thePeerStoreExpiresAfterThirtyMinutesAndHonoursItsCaps() {
        PeerStore store = new PeerStore(clock, 2, 3, 5);
        NodeId h1 = NodeId.random(random), h2 = NodeId.random(random), h3 = NodeId.random(random);
        for (int p = 1; p <= 4; p++) assertThat(store.add(h1, at("198.51.100.1", p))).isTrue();
        assertThat(store.get(h1, 10, random)).hasSize(3).doesNotContain(at("198.51.100.1", 1));
        assertThat(store.add(h2, at("198.51.100.2", 1))).isTrue();
        assertThat(store.add(h3, at("198.51.100.3", 1))).as("past the info-hash cap").isFalse();
        assertThat(store.add(h2, at("198.51.100.2", 2))).isTrue();
        assertThat(store.add(h2, at("198.51.100.2", 3))).as("past the total cap").isFalse();
        assertThat(store.size()).isEqualTo(5);
        clock.advance(Duration.ofMinutes(20));
        store.add(h1, at("198.51.100.1", 4));
        clock.advance(Duration.ofMinutes(11));
        assertThat(store.get(h1, 10, random)).containsExactly(at("198.51.100.1", 4));
        store.expire();
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.hashes()).isEqualTo(1);
    }

    @Test
    void theRateLimiterAllowsABurstThenTheRate() throws Exception {
        RateLimiter limiter = new RateLimiter(clock, 10, 20, 100);
        InetAddress a = InetAddress.getByName("198.51.100.1");
        int allowed = 0;
        for (int i = 0; i < 100; i++) if (limiter.allow(a)) allowed++;
        assertThat(allowed).isEqualTo(20);
        assertThat(limiter.allow(InetAddress.getByName("198.51.100.2"))).as("another source is not affected").isTrue();
        clock.advance(Duration.ofSeconds(1));
        allowed = 0;
        for (int i = 0; i < 100; i++) if (limiter.allow(a)) allowed++;
        assertThat(allowed).isEqualTo(10);
    }

    @Test
    void aClockSetBackDoesNotStarveTheSources() throws Exception {
        RateLimiter limiter = new RateLimiter(clock, 10, 20, 100);
        InetAddress a = InetAddress.getByName("198.51.100.1");
        for (int i = 0; i < 5; i++) assertThat(limiter.allow(a)).isTrue();
        clock.advance(Duration.ofHours(-1)); // the system clock was set back
        int allowed = 0;
        for (int i = 0; i < 100; i++) if (limiter.allow(a)) allowed++;
        assertThat(allowed).as("what was left of the burst, not an hour's debt").isEqualTo(15);
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.allow(a)).isTrue();
    }

    @Test
    void bep42IdsMatchTheSpecExampleAndTheirAddress() throws Exception {
        // BEP 42's table: 124.31.75.21 with rand 1 gives an ID starting 5fbfbf and ending 01.
        NodeId id = new NodeId(HexFormat.of().parseHex("5fbfbff10c5d6a4ec8a88e4c6ab4c28b95eee401"));
        assertThat(Bep42.matches(id, InetAddress.getByName("124.31.75.21"))).isTrue();
        assertThat(Bep42.matches(id, InetAddress.getByName("124.31.75.22"))).isFalse();
        NodeId ours = Bep42.idFor(InetAddress.getByName("21.75.31.124"), random);
        assertThat(Bep42.matches(ours, InetAddress.getByName("21.75.31.124"))).isTrue();
        assertThat(Bep42.matches(Bep42.idFor(InetAddress.getByName("2001:db8::1"), random), InetAddress.getByName("2001:db8::1"))).isTrue();
        assertThat(Bep42.exempt(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(Bep42.exempt(InetAddress.getByName("192.168.1.1"))).isTrue();
    }

    private final DhtConfig config = DhtConfig.defaults();
    private final Tokens tokens = new Tokens(clock, new SecureRandom());
    private final PeerStore store = new PeerStore(clock, 100, 100, 1000);
    private final Responder responder = new Responder(config, tokens, store, random);
    private final NodeId self = NodeId.random(random);
    private final RoutingTable table = new RoutingTable(self, clock, true);

    private KrpcMessage ask(KrpcMessage.Query q, InetSocketAddress from) {
        return responder.answer(q, from, KrpcCodec.encode(q).length, self, table);
    }

    @Test
    void announcesNeedATokenForTheirOwnIpAndImpliedPortUsesTheSourcePort() {
        InetSocketAddress from = at("198.51.100.7", 40000);
        NodeId hash = NodeId.random(random), sender = NodeId.random(random);
        Response r = (Response) ask(new GetPeers(T, sender, false, hash), from);
        assertThat(r.yourAddress()).contains(from);
        byte[] token = r.token().orElseThrow();
        KrpcMessage wrong = ask(new AnnouncePeer(T, sender, false, hash, 6881, false, token), at("198.51.100.8", 40000));
        assertThat(wrong).isInstanceOfSatisfying(KrpcError.class, e -> assertThat(e.code()).isEqualTo(203));
        assertThat(ask(new AnnouncePeer(T, sender, false, hash, 6881, true, token), from)).isInstanceOf(Response.class);
        Response peers = (Response) ask(new GetPeers(T, NodeId.random(random), false, hash), at("198.51.100.9", 1));
        assertThat(peers.values()).containsExactly(at("198.51.100.7", 40000));
    }

    @Test
    void unknownMethodsGet204() {
        KrpcMessage m = ask(new UnknownQuery(T, NodeId.random(random), false, "sample_infohashes"), at("198.51.100.7", 1));
        assertThat(m).isInstanceOfSatisfying(KrpcError.class, e -> assertThat(e.code()).isEqualTo(204));
    }

    @Test
    void answersToUnverifiedSendersStayWithinTheAmplificationBound() {
        NodeId hash = NodeId.random(random);
        for (int i = 0; i < 100; i++) store.add(hash, at("198.51.100." + (i + 1), 6881));
        for (int bits = 0; bits < 6; bits++) {
            for (int i = 0; i < RoutingTable.K; i++)
                table.responded(new Contact(self.randomWithPrefix(bits, random), at("203.0.113." + (bits * 10 + i + 1), 6881)));
        }
        GetPeers q = new GetPeers(T, NodeId.random(random), false, hash);
        int querySize = KrpcCodec.encode(q).length;
        Response r = (Response) ask(q, at("192.0.2.1", 1));
        assertThat(KrpcCodec.encode(r).length).isLessThanOrEqualTo(querySize * config.amplification());
        assertThat(r.values()).isNotEmpty();
        Response nodes = (Response) ask(new FindNode(T, NodeId.random(random), false, self), at("192.0.2.1", 1));
        assertThat(nodes.nodes()).hasSize(RoutingTable.K);

        // A node we know and that answered us gets the full answer.
        Contact known = table.closest(self, 1).get(0);
        Response full = (Response) ask(new GetPeers(T, known.id(), false, hash), known.address());
        assertThat(full.values()).hasSize(config.maxValues());
        assertThat(KrpcCodec.encode(full).length).isLessThanOrEqualTo(1400);
    }
}
