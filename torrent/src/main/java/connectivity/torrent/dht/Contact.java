package connectivity.torrent.dht;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A node as the DHT names it: its ID and UDP address; "compact node info" is 26 bytes (IPv4) or 38 (IPv6). */
public record Contact(NodeId id, InetSocketAddress address) {
    public static final int COMPACT_V4 = 26;
    public static final int COMPACT_V6 = 38;

    public Contact {
        if (id == null || address == null || address.isUnresolved()) throw new IllegalArgumentException("a contact needs an ID and a resolved address");
    }

    public boolean ipv6() {
        return address.getAddress() instanceof Inet6Address;
    }

    /** Compact peer info: 4 or 16 address bytes then the port, big-endian. */
    public static byte[] compactAddress(InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        ByteBuffer b = ByteBuffer.allocate(ip.length + 2);
        b.put(ip).putShort((short) a.getPort());
        return b.array();
    }

    /** Reads a 6- or 18-byte compact address; null for any other length or port 0. */
    public static InetSocketAddress parseAddress(byte[] b) {
        if (b.length != 6 && b.length != 18) return null;
        int port = (b[b.length - 2] & 0xff) << 8 | (b[b.length - 1] & 0xff);
        if (port == 0) return null;
        try {
            byte[] ip = java.util.Arrays.copyOf(b, b.length - 2);
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public static byte[] encodeAll(List<Contact> contacts, boolean v6) {
        ByteBuffer b = ByteBuffer.allocate(contacts.size() * (v6 ? COMPACT_V6 : COMPACT_V4));
        for (Contact c : contacts) {
            if (c.ipv6() != v6) continue;
            b.put(c.id.bytes()).put(compactAddress(c.address));
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** Splits a {@code nodes} or {@code nodes6} string; refuses a length that is not a multiple of the entry size. */
    public static List<Contact> decodeAll(byte[] b, boolean v6, int max) throws KrpcException {
        int size = v6 ? COMPACT_V6 : COMPACT_V4;
        if (b.length % size != 0) throw new KrpcException(KrpcError.PROTOCOL, "nodes" + (v6 ? "6" : "") + " is not a whole number of entries");
        List<Contact> out = new ArrayList<>();
        for (int off = 0; off + size <= b.length && out.size() < max; off += size) {
            NodeId id = new NodeId(java.util.Arrays.copyOfRange(b, off, off + NodeId.LENGTH));
            InetSocketAddress a = parseAddress(java.util.Arrays.copyOfRange(b, off + NodeId.LENGTH, off + size));
            if (a != null) out.add(new Contact(id, a));
        }
        return out;
    }

    static boolean sameFamily(InetSocketAddress a, InetSocketAddress b) {
        return (a.getAddress() instanceof Inet4Address) == (b.getAddress() instanceof Inet4Address);
    }
}
