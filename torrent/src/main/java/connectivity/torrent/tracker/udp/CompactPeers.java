package connectivity.torrent.tracker.udp;

import connectivity.torrent.tracker.PeerSample;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The peers of an announce reply in their wire form (BEP 15): address and port, big-endian, 6 bytes each for IPv4
 * or 18 for IPv6, all of one family. The tracker fills it from each peer's compact form, kept since that peer
 * announced, so answering an announce copies bytes instead of making an address object per peer; a client reads
 * it back as typed addresses with {@link #addresses()}. Immutable.
 */
public final class CompactPeers {
    public static final CompactPeers NONE = new CompactPeers(false, new byte[0]);

    private final boolean ipv6;
    private final byte[] bytes;

    private CompactPeers(boolean ipv6, byte[] bytes) {
        this.ipv6 = ipv6;
        this.bytes = bytes;
    }

    private static int entry(boolean ipv6) {
        return ipv6 ? 18 : 6;
    }

    /** The peers given, which must be of one family (an empty list is IPv4 by convention; the bytes are none). */
    public static CompactPeers of(List<InetSocketAddress> peers) {
        if (peers.isEmpty()) return NONE;
        boolean v6 = peers.getFirst().getAddress() instanceof Inet6Address;
        byte[] out = new byte[entry(v6) * peers.size()];
        int at = 0;
        for (InetSocketAddress p : peers) {
            byte[] addr = p.getAddress().getAddress();
            if (addr.length + 2 != entry(v6)) throw new IllegalArgumentException("an announce reply holds peers of one address family");
            System.arraycopy(addr, 0, out, at, addr.length);
            out[at + addr.length] = (byte) (p.getPort() >> 8);
            out[at + addr.length + 1] = (byte) p.getPort();
            at += addr.length + 2;
        }
        return new CompactPeers(v6, out);
    }

    /** The first {@code max} peers of {@code sample}'s family {@code ipv6} (a store may hand out both). */
    public static CompactPeers of(PeerSample sample, boolean ipv6, int max) {
        int length = Math.min(sample.compactLength(ipv6), max * entry(ipv6));
        if (length == 0) return ipv6 ? new CompactPeers(true, new byte[0]) : NONE;
        byte[] out = new byte[length];
        sample.copyCompact(ipv6, length, out, 0);
        return new CompactPeers(ipv6, out);
    }

    /** Entries as received; {@code length} must be a multiple of the family's entry size (the codec checks it). */
    static CompactPeers read(byte[] data, int offset, int length, boolean ipv6) {
        if (length % entry(ipv6) != 0) throw new IllegalArgumentException(length + " bytes are not whole entries");
        return new CompactPeers(ipv6, Arrays.copyOfRange(data, offset, offset + length));
    }

    public boolean ipv6() {
        return ipv6;
    }

    public int size() {
        return bytes.length / entry(ipv6);
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** Bytes on the wire. */
    int length() {
        return bytes.length;
    }

    void copyTo(byte[] out, int at) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
    }

    /** The peers as addresses; a 16-byte entry stays IPv6 even when IPv4-mapped, so it re-encodes as it came. */
    public List<InetSocketAddress> addresses() {
        int n = entry(ipv6);
        List<InetSocketAddress> out = new ArrayList<>(size());
        for (int at = 0; at < bytes.length; at += n) {
            byte[] raw = Arrays.copyOfRange(bytes, at, at + n - 2);
            int port = (bytes[at + n - 2] & 0xff) << 8 | bytes[at + n - 1] & 0xff;
            out.add(new InetSocketAddress(address(raw), port));
        }
        return out;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }

    /** Same entries; two empty sets are equal whatever family they were read as. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CompactPeers c && Arrays.equals(bytes, c.bytes) && (ipv6 == c.ipv6 || bytes.length == 0);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return addresses().toString();
    }
}
