package connectivity.torrent.dht;

import connectivity.torrent.dht.KrpcMessage.AnnouncePeer;
import connectivity.torrent.dht.KrpcMessage.FindNode;
import connectivity.torrent.dht.KrpcMessage.GetPeers;
import connectivity.torrent.dht.KrpcMessage.Ping;
import connectivity.torrent.dht.KrpcMessage.Query;
import connectivity.torrent.dht.KrpcMessage.Response;
import connectivity.torrent.dht.KrpcMessage.UnknownQuery;
import connectivity.torrent.dht.KrpcMessage.Want;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How we answer queries (pure logic, no socket): the four BEP 5 methods, error 204 for others, 203 for a bad
 * token. Every answer carries {@code ip} (BEP 42). An answer to a sender that is not a verified node in our
 * table is cut to {@code amplification} times the query's size, so a forged source address gains little.
 */
final class Responder {
    private static final int MAX_VERIFIED_REPLY = 1400;

    private final DhtConfig config;
    private final Tokens tokens;
    private final PeerStore peers;
    private final Random random;

    Responder(DhtConfig config, Tokens tokens, PeerStore peers, Random random) {
        this.config = config;
        this.tokens = tokens;
        this.peers = peers;
        this.random = random;
    }

    KrpcMessage answer(Query q, InetSocketAddress from, int querySize, NodeId self, RoutingTable table) {
        Response base = Response.of(q.tid(), self).withYourAddress(from);
        KrpcMessage reply = switch (q) {
            case Ping p -> base;
            case FindNode f -> withNodes(base, table, f.target(), f.want());
            case GetPeers g -> {
                Response r = base.withToken(tokens.issue(from.getAddress()));
                List<InetSocketAddress> values = peers.get(g.infoHash(), config.maxValues(), random).stream()
                        .filter(a -> Contact.sameFamily(a, from)).toList();
                // Nodes too when we have values (BEP 5 reads as either-or, but allows both; libtorrent sends both):
                // the querier's lookup still converges on the closest nodes, where it will announce.
                yield withNodes(r, table, g.infoHash(), g.want()).withValues(values);
            }
            case AnnouncePeer a -> {
                if (!tokens.valid(a.token(), from.getAddress())) yield new KrpcError(q.tid(), KrpcError.PROTOCOL, "bad token");
                int port = a.impliedPort() ? from.getPort() : a.port();
                if (port == 0) yield new KrpcError(q.tid(), KrpcError.PROTOCOL, "bad port");
                peers.add(a.infoHash(), new InetSocketAddress(from.getAddress(), port));
                yield base;
            }
            case UnknownQuery u -> new KrpcError(q.tid(), KrpcError.METHOD_UNKNOWN, "method unknown");
        };
        int budget = table.verified(from, q.sender()) ? MAX_VERIFIED_REPLY : Math.max(querySize, 1) * config.amplification();
        return reply instanceof Response r ? fit(r, budget) : reply;
    }

    /**
     * The closest nodes we know, in {@code nodes} and {@code nodes6} by family: up to K of each family the querier
     * wants (BEP 32), or, unsaid, of the K closest whatever their family. A family our table does not hold (a node
     * has one socket, so one family) is left out.
     */
    static Response withNodes(Response r, RoutingTable table, NodeId target, Want want) {
        List<Contact> v4 = new ArrayList<>(), v6 = new ArrayList<>();
        List<Contact> closest = table.closest(target, want == Want.UNSAID ? RoutingTable.K : 2 * RoutingTable.K);
        for (Contact c : closest) {
            List<Contact> into = c.ipv6() ? v6 : v4;
            if ((c.ipv6() ? want.v6() : want.v4()) && into.size() < RoutingTable.K) into.add(c);
        }
        return r.withNodes(v4, v6);
    }

    /** Drops values, then nodes, from the end until the encoded answer fits the budget. */
    static Response fit(Response r, int budget) {
        int size = KrpcCodec.encode(r).length;
        while (size > budget) {
            int excess = size - budget;
            if (!r.values().isEmpty()) {
                int per = r.values().get(0).getAddress().getAddress().length + 5;
                int drop = Math.min(r.values().size(), (excess + per - 1) / per);
                r = r.withValues(r.values().subList(0, r.values().size() - drop));
            } else if (!r.nodes6().isEmpty() || !r.nodes().isEmpty()) {
                List<Contact> v4 = r.nodes(), v6 = r.nodes6();
                if (!v6.isEmpty()) v6 = v6.subList(0, v6.size() - Math.min(v6.size(), (excess + Contact.COMPACT_V6 - 1) / Contact.COMPACT_V6));
                else v4 = v4.subList(0, v4.size() - Math.min(v4.size(), (excess + Contact.COMPACT_V4 - 1) / Contact.COMPACT_V4));
                r = r.withNodes(v4, v6);
            } else {
                return r;
            }
            size = KrpcCodec.encode(r).length;
        }
        return r;
    }
}
