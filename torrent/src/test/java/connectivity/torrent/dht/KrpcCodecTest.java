package connectivity.torrent.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.dht.KrpcMessage.AnnouncePeer;
import connectivity.torrent.dht.KrpcMessage.FindNode;
import connectivity.torrent.dht.KrpcMessage.GetPeers;
import connectivity.torrent.dht.KrpcMessage.Ping;
import connectivity.torrent.dht.KrpcMessage.Response;
import connectivity.torrent.dht.KrpcMessage.UnknownQuery;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BEP 5's own examples, and what the codec refuses. */
class KrpcCodecTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final String ID = "abcdefghij0123456789";
    private static final String TARGET = "mnopqrstuvwxyz123456";

    @Test
    void readsTheBep5Examples() throws KrpcException {
        assertThat(KrpcCodec.decode(b("d1:ad2:id20:" + ID + "e1:q4:ping1:t2:aa1:y1:qe"))).isInstanceOf(Ping.class);
        FindNode f = (FindNode) KrpcCodec.decode(b("d1:ad2:id20:" + ID + "6:target20:" + TARGET + "e1:q9:find_node1:t2:aa1:y1:qe"));
        assertThat(f.target()).isEqualTo(new NodeId(b(TARGET)));
        GetPeers g = (GetPeers) KrpcCodec.decode(b("d1:ad2:id20:" + ID + "9:info_hash20:" + TARGET + "e1:q9:get_peers1:t2:aa1:y1:qe"));
        assertThat(g.infoHash()).isEqualTo(new NodeId(b(TARGET)));
        AnnouncePeer a = (AnnouncePeer) KrpcCodec.decode(b("d1:ad2:id20:" + ID + "12:implied_porti1e9:info_hash20:" + TARGET
                + "4:porti6881e5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe"));
        assertThat(a.port()).isEqualTo(6881);
        assertThat(a.impliedPort()).isTrue();
        assertThat(a.token()).isEqualTo(b("aoeusnth"));
        Response r = (Response) KrpcCodec.decode(b("d1:rd2:id20:" + TARGET + "5:token8:aoeusnth6:valuesl6:axje.u6:idhtnmee1:t2:aa1:y1:re"));
        assertThat(r.values()).hasSize(2);
        assertThat(r.values().get(0).getPort()).isEqualTo(('.' << 8) | 'u');
        KrpcError e = (KrpcError) KrpcCodec.decode(b("d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee"));
        assertThat(e.code()).isEqualTo(201);
        assertThat(e.message()).isEqualTo("A Generic Error Ocurred");
    }

    @Test
    void anUnknownMethodIsAQueryToAnswerWith204() throws KrpcException {
        UnknownQuery u = (UnknownQuery) KrpcCodec.decode(b("d1:ad2:id20:" + ID + "e1:q6:vote_x1:t2:aa1:y1:qe"));
        assertThat(u.method()).isEqualTo("vote_x");
    }

    @Test
    void malformedQueriesAreRefusedWith203AndTheirTransaction() {
        assertThatThrownBy(() -> KrpcCodec.decode(b("d1:ad2:id3:abce1:q4:ping1:t2:aa1:y1:qe")))
                .isInstanceOfSatisfying(KrpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(203);
                    assertThat(e.query()).isTrue();
                    assertThat(e.tid()).hasValueSatisfying(t -> assertThat(t).isEqualTo(b("aa")));
                });
        assertThatThrownBy(() -> KrpcCodec.decode(b("d1:ad2:id20:" + ID + "9:info_hash20:" + TARGET
                + "4:porti0e5:token1:xe1:q13:announce_peer1:t2:aa1:y1:qe"))).isInstanceOf(KrpcException.class);
        assertThatThrownBy(() -> KrpcCodec.decode(b("not bencode"))).isInstanceOfSatisfying(KrpcException.class, e -> assertThat(e.tid()).isEmpty());
        assertThatThrownBy(() -> KrpcCodec.decode(b("d1:rd2:id20:" + ID + "5:nodes3:abce1:t2:aa1:y1:re"))).isInstanceOf(KrpcException.class);
    }

    @Test
    void everyMessageWeWriteReadsBack() throws Exception {
        NodeId id = new NodeId(b(ID)), target = new NodeId(b(TARGET));
        byte[] t = {9, 9};
        Contact c4 = new Contact(target, new InetSocketAddress("127.0.0.2", 7000));
        Contact c6 = new Contact(id, new InetSocketAddress("::1", 7001));
        List<KrpcMessage> all = List.of(new Ping(t, id, true), new FindNode(t, id, false, target), new GetPeers(t, id, false, target),
                new AnnouncePeer(t, id, false, target, 6881, false, b("tok")), new UnknownQuery(t, id, false, "sample_infohashes"),
                Response.of(t, id).withYourAddress(new InetSocketAddress("127.0.0.1", 9)).withNodes(List.of(c4), List.of(c6))
                        .withToken(b("tok")).withValues(List.of(new InetSocketAddress("127.0.0.3", 80))),
                new KrpcError(t, 204, "method unknown"));
        for (KrpcMessage m : all) {
            byte[] once = KrpcCodec.encode(m);
            KrpcMessage back = KrpcCodec.decode(once);
            assertThat(back.getClass()).isEqualTo(m.getClass());
            assertThat(KrpcCodec.encode(back)).isEqualTo(once);
        }
        Response r = (Response) KrpcCodec.decode(KrpcCodec.encode(all.get(5)));
        assertThat(r.nodes()).containsExactly(c4);
        assertThat(r.nodes6()).containsExactly(c6);
        assertThat(r.yourAddress()).contains(new InetSocketAddress("127.0.0.1", 9));
    }
}
