package connectivity.torrent.peer;

import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.bencode.BencodeException;
import connectivity.torrent.bencode.BValue;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A BEP 11 {@code ut_pex} message: peers the sender connected to ({@code added}, with a flags byte each) and
 * those it lost ({@code dropped}) since its last message to us. On the wire a bencoded dictionary of compact
 * peers: {@code added}/{@code added.f}/{@code dropped} for IPv4 (6 bytes a peer), {@code added6}/{@code added6.f}/
 * {@code dropped6} for IPv6 (18 bytes a peer).
 */
public record PexMessage(List<Peer> added, List<InetSocketAddress> dropped) {
    /** BEP 11's flag bits for an added peer. */
    public static final int PREFERS_ENCRYPTION = 0x01, SEED = 0x02, UTP = 0x04, HOLEPUNCH = 0x08, CONNECTABLE = 0x10;

    public record Peer(InetSocketAddress address, int flags) {
        public boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    public PexMessage {
        added = List.copyOf(added);
        dropped = List.copyOf(dropped);
    }

    public boolean isEmpty() {
        return added.isEmpty() && dropped.isEmpty();
    }

    public byte[] encode() {
        ByteArrayOutputStream a4 = new ByteArrayOutputStream(), f4 = new ByteArrayOutputStream();
        ByteArrayOutputStream a6 = new ByteArrayOutputStream(), f6 = new ByteArrayOutputStream();
        for (Peer p : added) {
            boolean v4 = p.address().getAddress() instanceof Inet4Address;
            compact(v4 ? a4 : a6, p.address());
            (v4 ? f4 : f6).write(p.flags() & 0xFF);
        }
        ByteArrayOutputStream d4 = new ByteArrayOutputStream(), d6 = new ByteArrayOutputStream();
        for (InetSocketAddress a : dropped) compact(a.getAddress() instanceof Inet4Address ? d4 : d6, a);
        // Every key, even when empty: libtorrent takes "added" only with an "added.f" of matching length.
        return Bencode.encode(BDict.builder().put("added", a4.toByteArray()).put("added.f", f4.toByteArray())
                .put("added6", a6.toByteArray()).put("added6.f", f6.toByteArray())
                .put("dropped", d4.toByteArray()).put("dropped6", d6.toByteArray()).build());
    }

    private static void compact(ByteArrayOutputStream out, InetSocketAddress a) {
        out.writeBytes(a.getAddress().getAddress());
        out.write(a.getPort() >>> 8);
        out.write(a.getPort() & 0xFF);
    }

    /**
     * Parses a peer's message, taking at most {@code maxEach} added and {@code maxEach} dropped peers (IPv4 first):
     * however long its lists, we hold no more. Leniently, as peers differ: a missing or mistyped key is an empty
     * list, a trailing partial entry is ignored, a missing or short flags string means flags 0. Only a payload
     * that is not a bencoded dictionary fails.
     */
    public static PexMessage decode(byte[] payload, int maxEach) throws PeerProtocolException {
        BValue top;
        try {
            top = Bencode.decodePrefix(payload, 0, payload.length).value();
        } catch (BencodeException e) {
            throw new PeerProtocolException("bad ut_pex message: " + e.getMessage());
        }
        if (!(top instanceof BDict d)) throw new PeerProtocolException("ut_pex message is not a dictionary");
        List<Peer> added = new ArrayList<>();
        addPeers(added, bytes(d, "added"), bytes(d, "added.f"), 4, maxEach);
        addPeers(added, bytes(d, "added6"), bytes(d, "added6.f"), 16, maxEach);
        List<InetSocketAddress> dropped = new ArrayList<>();
        addAddresses(dropped, bytes(d, "dropped"), 4, maxEach);
        addAddresses(dropped, bytes(d, "dropped6"), 16, maxEach);
        return new PexMessage(added, dropped);
    }

    private static byte[] bytes(BDict d, String key) {
        return d.get(key).orElse(null) instanceof BBytes b ? b.bytes() : new byte[0];
    }

    private static void addPeers(List<Peer> into, byte[] compact, byte[] flags, int ipLength, int max) {
        int entry = ipLength + 2;
        for (int i = 0; i < compact.length / entry && into.size() < max; i++) {
            into.add(new Peer(address(compact, i * entry, ipLength), i < flags.length ? flags[i] & 0xFF : 0));
        }
    }

    private static void addAddresses(List<InetSocketAddress> into, byte[] compact, int ipLength, int max) {
        int entry = ipLength + 2;
        for (int i = 0; i < compact.length / entry && into.size() < max; i++) into.add(address(compact, i * entry, ipLength));
    }

    private static InetSocketAddress address(byte[] b, int at, int ipLength) {
        byte[] ip = new byte[ipLength];
        System.arraycopy(b, at, ip, 0, ipLength);
        int port = ByteBuffer.wrap(b, at + ipLength, 2).getShort() & 0xFFFF;
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port); // an IPv4-mapped IPv6 address comes out as IPv4
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }
}
