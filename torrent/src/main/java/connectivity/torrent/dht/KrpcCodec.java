package connectivity.torrent.dht;

import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BInt;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.BValue;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.bencode.BencodeException;
import connectivity.torrent.dht.KrpcMessage.AnnouncePeer;
import connectivity.torrent.dht.KrpcMessage.FindNode;
import connectivity.torrent.dht.KrpcMessage.GetPeers;
import connectivity.torrent.dht.KrpcMessage.Ping;
import connectivity.torrent.dht.KrpcMessage.Query;
import connectivity.torrent.dht.KrpcMessage.Response;
import connectivity.torrent.dht.KrpcMessage.UnknownQuery;
import connectivity.torrent.dht.KrpcMessage.Want;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * KRPC messages to and from bencode. Decoding is strict about what it uses (IDs of 20 bytes, whole compact
 * entries, ports in range) and ignores keys it does not know, as BEP 5 asks; everything it accepts is bounded.
 */
public final class KrpcCodec {
    /** A datagram larger than this is not read (KRPC messages fit well under one Ethernet MTU). */
    public static final int MAX_DATAGRAM = 1500;
    public static final int MAX_TID = 16;
    public static final int MAX_TOKEN = 64;
    public static final int MAX_METHOD = 32;
    /** Values past this many in one response are dropped. */
    public static final int MAX_VALUES = 200;
    /** Contacts past this many in one {@code nodes} string are dropped. */
    public static final int MAX_NODES = 32;
    private static final int MAX_DEPTH = 6;
    private static final int MAX_BENCODE_VALUES = 600;

    private KrpcCodec() {}

    public static KrpcMessage decode(byte[] datagram) throws KrpcException {
        if (datagram.length > MAX_DATAGRAM) throw new KrpcException(KrpcError.PROTOCOL, "datagram too large");
        BValue v;
        try {
            v = Bencode.decode(datagram, MAX_DEPTH, MAX_BENCODE_VALUES);
        } catch (BencodeException e) {
            throw new KrpcException(KrpcError.PROTOCOL, "not bencode: " + e.getMessage());
        }
        if (!(v instanceof BDict d)) throw new KrpcException(KrpcError.PROTOCOL, "not a dictionary");
        byte[] tid = bytes(d, "t").orElse(null);
        if (tid == null || tid.length == 0 || tid.length > MAX_TID) throw new KrpcException(KrpcError.PROTOCOL, "bad transaction ID");
        String y = bytes(d, "y").map(b -> new String(b, StandardCharsets.ISO_8859_1)).orElse("");
        try {
            return switch (y) {
                case "q" -> query(tid, d);
                case "r" -> response(tid, d);
                case "e" -> error(tid, d);
                default -> throw new KrpcException(KrpcError.PROTOCOL, "unknown message type");
            };
        } catch (KrpcException e) {
            throw e.in(tid, y.equals("q"));
        }
    }

    private static Query query(byte[] tid, BDict d) throws KrpcException {
        byte[] q = bytes(d, "q").orElseThrow(() -> new KrpcException(KrpcError.PROTOCOL, "query without a method"));
        if (q.length > MAX_METHOD) throw new KrpcException(KrpcError.PROTOCOL, "method name too long");
        String method = new String(q, StandardCharsets.ISO_8859_1);
        BDict a = dict(d, "a").orElseThrow(() -> new KrpcException(KrpcError.PROTOCOL, "query without arguments"));
        NodeId id = id(a, "id");
        boolean ro = integer(a, "ro").orElse(0L) == 1;
        return switch (method) {
            case "ping" -> new Ping(tid, id, ro);
            case "find_node" -> new FindNode(tid, id, ro, id(a, "target"), want(a));
            case "get_peers" -> new GetPeers(tid, id, ro, id(a, "info_hash"), want(a));
            case "announce_peer" -> {
                boolean implied = integer(a, "implied_port").orElse(0L) == 1;
                long port = integer(a, "port").orElse(implied ? 0L : -1L);
                if (port < 0 || port > 65535 || (port == 0 && !implied)) throw new KrpcException(KrpcError.PROTOCOL, "bad port");
                byte[] token = bytes(a, "token").orElseThrow(() -> new KrpcException(KrpcError.PROTOCOL, "announce without a token"));
                if (token.length > MAX_TOKEN) throw new KrpcException(KrpcError.PROTOCOL, "token too long");
                yield new AnnouncePeer(tid, id, ro, id(a, "info_hash"), (int) port, implied, token);
            }
            default -> new UnknownQuery(tid, id, ro, method);
        };
    }

    /** BEP 32 {@code want}: the first few strings of the list are looked at; anything else in it is ignored. */
    private static Want want(BDict a) {
        if (!(a.get("want").orElse(null) instanceof BList list)) return Want.UNSAID;
        boolean n4 = false, n6 = false;
        for (int i = 0; i < Math.min(list.size(), 8); i++) {
            if (!(list.get(i) instanceof BBytes b)) continue;
            String w = b.utf8Lenient();
            n4 |= w.equals("n4");
            n6 |= w.equals("n6");
        }
        return Want.of(n4, n6);
    }

    private static void putWant(BDict.Builder a, Want w) {
        if (w == Want.UNSAID) return;
        List<BValue> list = new ArrayList<>();
        if (w.v4()) list.add(BBytes.of("n4"));
        if (w.v6()) list.add(BBytes.of("n6"));
        a.put("want", new BList(list));
    }

    private static Response response(byte[] tid, BDict d) throws KrpcException {
        BDict r = dict(d, "r").orElseThrow(() -> new KrpcException(KrpcError.PROTOCOL, "response without a body"));
        NodeId id = id(r, "id");
        Optional<InetSocketAddress> ip = bytes(d, "ip").map(Contact::parseAddress);
        List<Contact> nodes = Contact.decodeAll(bytes(r, "nodes").orElse(new byte[0]), false, MAX_NODES);
        List<Contact> nodes6 = Contact.decodeAll(bytes(r, "nodes6").orElse(new byte[0]), true, MAX_NODES);
        Optional<byte[]> token = bytes(r, "token");
        if (token.isPresent() && token.get().length > MAX_TOKEN) throw new KrpcException(KrpcError.PROTOCOL, "token too long");
        List<InetSocketAddress> values = new ArrayList<>();
        Optional<BValue> vs = r.get("values");
        if (vs.isPresent()) {
            if (!(vs.get() instanceof BList list)) throw new KrpcException(KrpcError.PROTOCOL, "values is not a list");
            for (BValue e : list.values()) {
                if (values.size() >= MAX_VALUES) break;
                if (e instanceof BBytes b) {
                    InetSocketAddress a = Contact.parseAddress(b.bytes());
                    if (a != null) values.add(a);
                }
            }
        }
        return new Response(tid, id, ip, nodes, nodes6, token, values);
    }

    private static KrpcError error(byte[] tid, BDict d) throws KrpcException {
        if (!(d.get("e").orElse(null) instanceof BList l) || l.size() < 1 || !(l.get(0) instanceof BInt code))
            throw new KrpcException(KrpcError.PROTOCOL, "error without a code");
        if (code.value() < 0 || code.value() > 999) throw new KrpcException(KrpcError.PROTOCOL, "error code out of range");
        String msg = l.size() > 1 && l.get(1) instanceof BBytes b ? b.utf8Lenient() : "";
        if (msg.length() > 200) msg = msg.substring(0, 200);
        return new KrpcError(tid, (int) code.value(), msg);
    }

    public static byte[] encode(KrpcMessage m) {
        BDict.Builder top = BDict.builder().put("t", m.tid());
        switch (m) {
            case Query q -> {
                BDict.Builder a = BDict.builder().put("id", q.sender().bytes());
                if (q.readOnly()) a.put("ro", 1);
                switch (q) {
                    case Ping p -> { }
                    case FindNode f -> putWant(a.put("target", f.target().bytes()), f.want());
                    case GetPeers g -> putWant(a.put("info_hash", g.infoHash().bytes()), g.want());
                    case AnnouncePeer ap -> {
                        a.put("info_hash", ap.infoHash().bytes()).put("port", ap.port()).put("token", ap.token());
                        if (ap.impliedPort()) a.put("implied_port", 1);
                    }
                    case UnknownQuery u -> { }
                }
                top.put("y", "q").put("q", new BBytes(q.method().getBytes(StandardCharsets.ISO_8859_1))).put("a", a.build());
            }
            case Response r -> {
                BDict.Builder b = BDict.builder().put("id", r.sender().bytes());
                if (!r.nodes().isEmpty()) b.put("nodes", Contact.encodeAll(r.nodes(), false));
                if (!r.nodes6().isEmpty()) b.put("nodes6", Contact.encodeAll(r.nodes6(), true));
                r.token().ifPresent(t -> b.put("token", t));
                if (!r.values().isEmpty()) b.put("values", new BList(r.values().stream().<BValue>map(v -> new BBytes(Contact.compactAddress(v))).toList()));
                r.yourAddress().ifPresent(ip -> top.put("ip", Contact.compactAddress(ip)));
                top.put("y", "r").put("r", b.build());
            }
            case KrpcError e -> top.put("y", "e").put("e", BList.of(BInt.of(e.code()), BBytes.of(e.message())));
        }
        return Bencode.encode(top.build());
    }

    private static Optional<byte[]> bytes(BDict d, String key) {
        return d.get(key).filter(v -> v instanceof BBytes).map(v -> ((BBytes) v).bytes());
    }

    private static Optional<BDict> dict(BDict d, String key) {
        return d.get(key).filter(v -> v instanceof BDict).map(v -> (BDict) v);
    }

    private static Optional<Long> integer(BDict d, String key) {
        return d.get(key).filter(v -> v instanceof BInt).map(v -> ((BInt) v).value());
    }

    private static NodeId id(BDict d, String key) throws KrpcException {
        byte[] b = bytes(d, key).orElse(null);
        if (b == null || b.length != NodeId.LENGTH) throw new KrpcException(KrpcError.PROTOCOL, key + " is not 20 bytes");
        return new NodeId(b);
    }
}
