package connectivity.torrent.dht;

import connectivity.torrent.meta.InfoHash;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/** A 160-bit DHT node ID (or an info-hash used as a lookup target); distances are XOR, compared as unsigned. */
public record NodeId(byte[] bytes) implements Comparable<NodeId> {
    public static final int LENGTH = 20;
    public static final int BITS = 160;

    public NodeId {
        if (bytes == null || bytes.length != LENGTH) throw new IllegalArgumentException("a node ID has 20 bytes");
        bytes = bytes.clone();
    }

    public static NodeId of(InfoHash hash) {
        return new NodeId(hash.bytes());
    }

    public static NodeId random(Random random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new NodeId(b);
    }

    public static NodeId fromHex(String hex) {
        return new NodeId(HexFormat.of().parseHex(hex));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    byte byteAt(int i) {
        return bytes[i];
    }

    public InfoHash asInfoHash() {
        return new InfoHash(bytes);
    }

    /** The XOR distance to another ID, itself an ID-sized number. */
    public NodeId distance(NodeId other) {
        byte[] d = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) d[i] = (byte) (bytes[i] ^ other.bytes[i]);
        return new NodeId(d);
    }

    /** Negative if {@code a} is closer to this ID than {@code b}, without allocating the distances. */
    public int compareDistance(NodeId a, NodeId b) {
        for (int i = 0; i < LENGTH; i++) {
            int da = (a.bytes[i] ^ bytes[i]) & 0xff;
            int db = (b.bytes[i] ^ bytes[i]) & 0xff;
            if (da != db) return Integer.compare(da, db);
        }
        return 0;
    }

    /** How many leading bits the two IDs share (160 for equal IDs). */
    public int commonPrefixBits(NodeId other) {
        for (int i = 0; i < LENGTH; i++) {
            int x = (bytes[i] ^ other.bytes[i]) & 0xff;
            if (x != 0) return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
        }
        return BITS;
    }

    /**
     * A random ID that shares exactly {@code prefixBits} leading bits with this one (and differs in the next),
     * for refreshing the bucket that holds such IDs; {@code prefixBits == 160} gives this ID.
     */
    public NodeId randomWithPrefix(int prefixBits, Random random) {
        if (prefixBits >= BITS) return this;
        byte[] r = new byte[LENGTH];
        random.nextBytes(r);
        for (int bit = 0; bit <= prefixBits; bit++) {
            int i = bit / 8, mask = 0x80 >>> (bit % 8);
            boolean mine = (bytes[i] & mask) != 0;
            boolean set = bit < prefixBits ? mine : !mine;
            r[i] = (byte) (set ? r[i] | mask : r[i] & ~mask);
        }
        return new NodeId(r);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public int compareTo(NodeId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeId n && Arrays.equals(bytes, n.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }

    BigInteger asNumber() {
        return new BigInteger(1, bytes);
    }
}
