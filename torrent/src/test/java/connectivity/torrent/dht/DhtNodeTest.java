package connectivity.torrent.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.torrent.dht.KrpcMessage.Ping;
import connectivity.torrent.dht.KrpcMessage.Query;
import connectivity.torrent.dht.KrpcMessage.Response;
import connectivity.torrent.meta.InfoHash;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One node against scripted peers on the in-memory network: errors, forged replies, floods, BEP 42. */
@Timeout(60)
class DhtNodeTest {
    private final InMemoryNetwork net = new InMemoryNetwork();
    private final Random random = new Random(5);
    private DhtNode node;

    @AfterEach
    void stop() {
        if (node != null) node.close();
        net.close();
    }

    private DhtNode start(InetSocketAddress at, List<InetSocketAddress> bootstrap) {
        node = DhtNode.start(DhtConfig.defaults().withQueryTimeout(Duration.ofMillis(500)), net.transport(at), Clock.systemUTC(), Optional.empty(),
                bootstrap, Optional.empty());
        return node;
    }

    /** A scripted peer: what it receives is queued for the test to read; it answers the node at {@code replyTo}. */
    private record Peer(InetSocketAddress address, DhtTransport transport, LinkedBlockingQueue<KrpcMessage> inbox, InetSocketAddress replyTo) {
        KrpcMessage next() throws Exception {
            KrpcMessage m = inbox.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("a reply within 5 s").isNotNull();
            return m;
        }

        /** The next message that is not a query (the node pings new senders to verify them). */
        KrpcMessage nextReply() throws Exception {
            KrpcMessage m = next();
            while (m instanceof Query) m = next();
            return m;
        }

        /** From now on answers every query with an empty response from {@code id}. */
        void answerAll(NodeId id) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        KrpcMessage m = inbox.take();
                        if (m instanceof Query q) transport.send(replyTo, KrpcCodec.encode(Response.of(q.tid(), id)));
                    }
                } catch (InterruptedException e) {
                    // test over
                }
            });
        }
    }

    private Peer peer(String ip) {
        InetSocketAddress a = new InetSocketAddress(ip, 6881);
        DhtTransport t = net.transport(a);
        LinkedBlockingQueue<KrpcMessage> inbox = new LinkedBlockingQueue<>();
        t.start((from, bytes) -> {
            try {
                inbox.add(KrpcCodec.decode(bytes));
            } catch (KrpcException e) {
                inbox.add(new KrpcError(new byte[] {0}, 0, "undecodable"));
            }
        });
        return new Peer(a, t, inbox, new InetSocketAddress("192.0.2.10", 6881));
    }

    @Test
    void malformedQueriesGet203AndUnknownMethods204() throws Exception {
        DhtNode n = start(new InetSocketAddress("192.0.2.10", 6881), List.of());
        Peer p = peer("198.51.100.1");
        p.transport.send(n.address(), "d1:ad2:id3:abce1:q4:ping1:t2:xy1:y1:qe".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(p.next()).isInstanceOfSatisfying(KrpcError.class, e -> {
            assertThat(e.code()).isEqualTo(203);
            assertThat(new String(e.tid(), StandardCharsets.ISO_8859_1)).isEqualTo("xy");
        });
        p.transport.send(n.address(), KrpcCodec.encode(new KrpcMessage.UnknownQuery(new byte[] {7}, NodeId.random(random), false, "put")));
        assertThat(p.nextReply()).isInstanceOfSatisfying(KrpcError.class, e -> assertThat(e.code()).isEqualTo(204));
        p.transport.send(n.address(), KrpcCodec.encode(new Ping(new byte[] {8}, NodeId.random(random), false)));
        assertThat(p.nextReply()).isInstanceOfSatisfying(Response.class, r -> {
            assertThat(r.sender()).isEqualTo(n.id());
            assertThat(r.yourAddress()).contains(p.address);
        });
        p.transport.send(n.address(), "garbage".getBytes(StandardCharsets.ISO_8859_1));
        await().atMost(Duration.ofSeconds(5)).until(() -> n.stats().malformed() == 2);
        assertThat(p.inbox.poll(200, TimeUnit.MILLISECONDS)).as("garbage without a transaction gets no answer").isNull();
    }

    @Test
    void aReplyFromAnotherAddressIsIgnoredAndTheRealOneCounts() throws Exception {
        Peer real = peer("198.51.100.1");
        Peer forger = peer("198.51.100.66");
        DhtNode n = start(new InetSocketAddress("192.0.2.10", 6881), List.of(real.address));
        CompletableFuture<Void> join = CompletableFuture.runAsync(() -> n.bootstrap(Duration.ofSeconds(5)));
        KrpcMessage q = real.next();
        assertThat(q).isInstanceOf(KrpcMessage.FindNode.class);
        NodeId realId = NodeId.random(random);
        forger.transport.send(n.address(), KrpcCodec.encode(Response.of(q.tid(), NodeId.random(random))));
        await().atMost(Duration.ofSeconds(5)).until(() -> n.stats().repliesIgnored() == 1);
        real.transport.send(n.address(), KrpcCodec.encode(Response.of(q.tid(), realId)));
        real.answerAll(realId);
        join.get(10, TimeUnit.SECONDS);
        assertThat(n.table().status(realId)).contains(RoutingTable.Status.GOOD);
        assertThat(n.tableSize()).isEqualTo(1);
    }

    @Test
    void aFloodFromOneAddressIsCutToTheRateLimit() throws Exception {
        DhtNode n = start(new InetSocketAddress("192.0.2.10", 6881), List.of());
        Peer p = peer("198.51.100.1");
        for (int i = 0; i < 1000; i++) p.transport.send(n.address(), KrpcCodec.encode(new Ping(new byte[] {(byte) i, 1}, NodeId.random(random), true)));
        await().atMost(Duration.ofSeconds(10)).until(() -> n.stats().queriesIn() == 1000);
        // 50 a second, bursts of 100: a second's flood gets little more than the burst.
        assertThat(n.stats().answered()).isBetween(100L, 250L);
        assertThat(n.stats().rateLimited()).isEqualTo(1000 - n.stats().answered());
    }

    @Test
    void theIdFollowsTheExternalAddressOnceTwoRespondersAgree() throws Exception {
        InetSocketAddress external = new InetSocketAddress("203.0.113.77", 6881);
        Peer a = peer("198.51.100.1"), b = peer("198.51.100.2");
        DhtNode n = start(new InetSocketAddress("192.0.2.10", 6881), List.of(a.address, b.address));
        NodeId before = n.id();
        CompletableFuture<Void> join = CompletableFuture.runAsync(() -> n.bootstrap(Duration.ofSeconds(3)));
        for (Peer p : List.of(a, b)) {
            KrpcMessage q = p.next();
            p.transport.send(n.address(), KrpcCodec.encode(Response.of(q.tid(), NodeId.random(random)).withYourAddress(external)));
        }
        join.get(10, TimeUnit.SECONDS);
        assertThat(n.id()).isNotEqualTo(before);
        assertThat(Bep42.matches(n.id(), external.getAddress())).isTrue();
        assertThat(n.tableSize()).as("the nodes it knew stay").isEqualTo(2);
    }

    @Test
    void ipv6NodesFindEachOtherOverUdpOnLoopback() throws Exception {
        InetSocketAddress six = new InetSocketAddress("::1", 0);
        try (DhtNode first = DhtNode.open(six, DhtConfig.defaults(), List.of(), Optional.empty());
                DhtNode second = DhtNode.open(six, DhtConfig.defaults(), List.of(first.address()), Optional.empty());
                DhtNode third = DhtNode.open(six, DhtConfig.defaults(), List.of(first.address()), Optional.empty())) {
            second.bootstrap(Duration.ofSeconds(5));
            InfoHash h = InfoHash.fromHex("00112233445566778899aabbccddeeff00112233");
            assertThat(second.announce(h, 5555, Duration.ofSeconds(10)).announced()).isPositive();
            assertThat(third.getPeers(h, Duration.ofSeconds(10))).contains(new InetSocketAddress("::1", 5555));
            assertThat(third.tableSize()).as("learned of the second node through nodes6").isEqualTo(2);
        }
    }
}
