package connectivity.torrent.peer;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * BEP 6's canonical allowed-fast set: the pieces a peer at a given address may fetch from us even while
 * choked. Derived from the peer's /24 and the info-hash, so the peer cannot grow its set by reconnecting
 * from another port, and every client computes the same set.
 */
public final class AllowedFast {
    /** How many pieces we allow (BEP 6 suggests 10). */
    public static final int SET_SIZE = 10;

    private AllowedFast() {}

    /** The first {@code k} pieces of the set for an IPv4 peer; empty for IPv6 (BEP 6 defines IPv4 only). */
    public static List<Integer> set(InetAddress peer, byte[] infoHash, int pieceCount, int k) {
        if (!(peer instanceof Inet4Address) || pieceCount <= 0) return List.of();
        int wanted = Math.min(k, pieceCount);
        byte[] ip = peer.getAddress();
        byte[] x = ByteBuffer.allocate(4 + infoHash.length).put(ip[0]).put(ip[1]).put(ip[2]).put((byte) 0).put(infoHash).array();
        Set<Integer> chosen = new LinkedHashSet<>();
        MessageDigest sha1 = sha1();
        while (chosen.size() < wanted) {
            x = sha1.digest(x);
            ByteBuffer words = ByteBuffer.wrap(x);
            for (int i = 0; i < 5 && chosen.size() < wanted; i++) {
                chosen.add((int) (Integer.toUnsignedLong(words.getInt()) % pieceCount));
            }
        }
        return List.copyOf(chosen);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
    }
}
