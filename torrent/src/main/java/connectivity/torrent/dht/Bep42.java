package connectivity.torrent.dht;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * BEP 42 node IDs: the first 21 bits are a CRC32-C of the node's external IP (masked) and of 3 random bits
 * kept in the last byte, so a host cannot choose its ID freely. Local addresses are exempt.
 */
public final class Bep42 {
    private static final byte[] MASK4 = {0x03, 0x0f, 0x3f, (byte) 0xff};
    private static final byte[] MASK6 = {0x01, 0x03, 0x07, 0x0f, 0x1f, 0x3f, 0x7f, (byte) 0xff};

    private Bep42() {}

    /** Addresses BEP 42 leaves alone: loopback, private, link-local. */
    public static boolean exempt(InetAddress ip) {
        return ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress() || ip.isAnyLocalAddress()
                || (!(ip instanceof Inet4Address) && (ip.getAddress()[0] & 0xfe) == 0xfc);
    }

    /** A fresh ID for this external address. */
    public static NodeId idFor(InetAddress ip, Random random) {
        int rand = random.nextInt(256);
        int crc = crc(ip, rand & 7);
        byte[] id = new byte[NodeId.LENGTH];
        random.nextBytes(id);
        id[0] = (byte) (crc >>> 24);
        id[1] = (byte) (crc >>> 16);
        id[2] = (byte) (((crc >>> 8) & 0xf8) | (random.nextInt() & 7));
        id[19] = (byte) rand;
        return new NodeId(id);
    }

    /** Whether the ID is one this IP may have (always true for exempt addresses). */
    public static boolean matches(NodeId id, InetAddress ip) {
        if (exempt(ip)) return true;
        byte[] b = id.bytes();
        int crc = crc(ip, b[19] & 7);
        return (b[0] & 0xff) == (crc >>> 24 & 0xff) && (b[1] & 0xff) == (crc >>> 16 & 0xff)
                && (b[2] & 0xf8) == (crc >>> 8 & 0xf8);
    }

    private static int crc(InetAddress ip, int r) {
        byte[] a = ip.getAddress();
        byte[] mask = a.length == 4 ? MASK4 : MASK6;
        byte[] m = new byte[mask.length];
        for (int i = 0; i < m.length; i++) m[i] = (byte) (a[i] & mask[i]);
        m[0] |= (byte) (r << 5);
        CRC32C c = new CRC32C();
        c.update(m);
        return (int) c.getValue();
    }
}
