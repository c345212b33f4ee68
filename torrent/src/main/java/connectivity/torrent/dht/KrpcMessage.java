package connectivity.torrent.dht;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * One KRPC message (BEP 5): a query, a response or an error, each carrying the transaction ID its reply echoes.
 * {@link KrpcCodec} is the only place they meet bencode.
 */
public sealed interface KrpcMessage permits KrpcMessage.Query, KrpcMessage.Response, KrpcError {
    byte[] tid();

    /** A query; {@code readOnly} is BEP 43's {@code ro}: the sender asks not to be put in routing tables. */
    sealed interface Query extends KrpcMessage permits Ping, FindNode, GetPeers, AnnouncePeer, UnknownQuery {
        NodeId sender();

        boolean readOnly();

        String method();
    }

    record Ping(byte[] tid, NodeId sender, boolean readOnly) implements Query {
        public String method() {
            return "ping";
        }
    }

    /**
     * BEP 32's {@code want} in find_node and get_peers: which families of nodes the querier asks for ({@code n4},
     * {@code n6}); {@code UNSAID} (no list, or none we know in it) leaves it to us: the family we are reached on.
     */
    enum Want {
        UNSAID, N4, N6, BOTH;

        boolean v4() {
            return this != N6;
        }

        boolean v6() {
            return this != N4;
        }

        static Want of(boolean n4, boolean n6) {
            return n4 && n6 ? BOTH : n4 ? N4 : n6 ? N6 : UNSAID;
        }
    }

    record FindNode(byte[] tid, NodeId sender, boolean readOnly, NodeId target, Want want) implements Query {
        FindNode(byte[] tid, NodeId sender, boolean readOnly, NodeId target) {
            this(tid, sender, readOnly, target, Want.UNSAID);
        }

        public String method() {
            return "find_node";
        }
    }

    record GetPeers(byte[] tid, NodeId sender, boolean readOnly, NodeId infoHash, Want want) implements Query {
        GetPeers(byte[] tid, NodeId sender, boolean readOnly, NodeId infoHash) {
            this(tid, sender, readOnly, infoHash, Want.UNSAID);
        }

        public String method() {
            return "get_peers";
        }
    }

    /** With {@code impliedPort} the peer's port is the UDP source port and {@code port} is ignored. */
    record AnnouncePeer(byte[] tid, NodeId sender, boolean readOnly, NodeId infoHash, int port, boolean impliedPort, byte[] token)
            implements Query {
        public String method() {
            return "announce_peer";
        }
    }

    /** A query for a method we do not serve: answered with error 204. */
    record UnknownQuery(byte[] tid, NodeId sender, boolean readOnly, String method) implements Query {}

    /**
     * A response. KRPC responses do not say which query they answer (the transaction does), so one record holds
     * every field any of our four methods returns; {@code yourAddress} is BEP 42's {@code ip}, where the
     * responder saw our packet come from.
     */
    record Response(byte[] tid, NodeId sender, Optional<InetSocketAddress> yourAddress, List<Contact> nodes, List<Contact> nodes6,
            Optional<byte[]> token, List<InetSocketAddress> values) implements KrpcMessage {
        public Response {
            nodes = List.copyOf(nodes);
            nodes6 = List.copyOf(nodes6);
            values = List.copyOf(values);
        }

        public static Response of(byte[] tid, NodeId sender) {
            return new Response(tid, sender, Optional.empty(), List.of(), List.of(), Optional.empty(), List.of());
        }

        public Response withYourAddress(InetSocketAddress a) {
            return new Response(tid, sender, Optional.of(a), nodes, nodes6, token, values);
        }

        public Response withNodes(List<Contact> v4, List<Contact> v6) {
            return new Response(tid, sender, yourAddress, v4, v6, token, values);
        }

        public Response withToken(byte[] t) {
            return new Response(tid, sender, yourAddress, nodes, nodes6, Optional.of(t), values);
        }

        public Response withValues(List<InetSocketAddress> v) {
            return new Response(tid, sender, yourAddress, nodes, nodes6, token, v);
        }

        public List<Contact> allNodes() {
            if (nodes6.isEmpty()) return nodes;
            if (nodes.isEmpty()) return nodes6;
            return java.util.stream.Stream.concat(nodes.stream(), nodes6.stream()).toList();
        }
    }
}
