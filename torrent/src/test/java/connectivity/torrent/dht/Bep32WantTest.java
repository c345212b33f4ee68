package connectivity.torrent.dht;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.dht.KrpcMessage.FindNode;
import connectivity.torrent.dht.KrpcMessage.GetPeers;
import connectivity.torrent.dht.KrpcMessage.Response;
import connectivity.torrent.dht.KrpcMessage.Want;
import connectivity.torrent.dht.RoutingTableTest.MutableClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BEP 32's {@code want}: read from queries, written in ours, and honoured in find_node and get_peers answers. */
class Bep32WantTest {
    private static final byte[] T = {7, 7};
    private final MutableClock clock = new MutableClock();
    private final Random random = new Random(11);
    private final NodeId self = NodeId.random(random);
    private final RoutingTable table = new RoutingTable(self, clock, false);
    private final Responder responder = new Responder(DhtConfig.defaults(), new Tokens(clock, new SecureRandom()),
            new PeerStore(clock, 100, 100, 1000), random);
    /** A querier already in the table: its answers are not cut by the amplification bound. */
    private final InetSocketAddress querier = new InetSocketAddress("198.18.0.1", 6881);
    private final NodeId querierId = NodeId.random(random);

    @BeforeEach
    void fillTableWithBothFamilies() {
        table.responded(new Contact(querierId, querier));
        for (int i = 1; i <= 10; i++) {
            table.responded(new Contact(NodeId.random(random), new InetSocketAddress("198.18.1." + i, 6881)));
            table.responded(new Contact(NodeId.random(random), new InetSocketAddress("2001:db8::" + Integer.toHexString(i), 6881)));
        }
    }

    private Response ask(KrpcMessage.Query q) {
        return (Response) responder.answer(q, querier, KrpcCodec.encode(q).length, self, table);
    }

    @Test
    void wantIsReadWrittenAndUnknownEntriesIgnored() throws Exception {
        NodeId target = NodeId.random(random);
        for (Want w : Want.values()) {
            assertThat(((FindNode) KrpcCodec.decode(KrpcCodec.encode(new FindNode(T, self, false, target, w)))).want()).isEqualTo(w);
            assertThat(((GetPeers) KrpcCodec.decode(KrpcCodec.encode(new GetPeers(T, self, false, target, w)))).want()).isEqualTo(w);
        }
        String hex = "d1:ad2:id20:" + "a".repeat(20) + "6:target20:" + "b".repeat(20) + "4:wantl2:n63:xyzi5eee1:q9:find_node1:t2:aa1:y1:qe";
        assertThat(((FindNode) KrpcCodec.decode(hex.getBytes(StandardCharsets.ISO_8859_1))).want()).isEqualTo(Want.N6);
        String junk = "d1:ad2:id20:" + "a".repeat(20) + "6:target20:" + "b".repeat(20) + "4:wanti4ee1:q9:find_node1:t2:aa1:y1:qe";
        assertThat(((FindNode) KrpcCodec.decode(junk.getBytes(StandardCharsets.ISO_8859_1))).want()).isEqualTo(Want.UNSAID);
    }

    @Test
    void findNodeAnswersTheFamiliesWanted() {
        NodeId target = NodeId.random(random);
        Response n4 = ask(new FindNode(T, querierId, false, target, Want.N4));
        assertThat(n4.nodes()).hasSize(RoutingTable.K).noneMatch(Contact::ipv6);
        assertThat(n4.nodes6()).isEmpty();
        Response n6 = ask(new FindNode(T, querierId, false, target, Want.N6));
        assertThat(n6.nodes()).isEmpty();
        assertThat(n6.nodes6()).hasSize(RoutingTable.K).allMatch(Contact::ipv6);
        Response both = ask(new FindNode(T, querierId, false, target, Want.BOTH));
        assertThat(both.nodes()).hasSize(RoutingTable.K);
        assertThat(both.nodes6()).hasSize(RoutingTable.K);
        Response unsaid = ask(new FindNode(T, querierId, false, target));
        assertThat(unsaid.nodes().size() + unsaid.nodes6().size()).isEqualTo(RoutingTable.K);
    }

    @Test
    void getPeersHonoursWantInTheNodesItSendsBesideItsToken() {
        Response n6 = ask(new GetPeers(T, querierId, false, NodeId.random(random), Want.N6));
        assertThat(n6.token()).isPresent();
        assertThat(n6.nodes()).isEmpty();
        assertThat(n6.nodes6()).hasSize(RoutingTable.K);
    }
}
