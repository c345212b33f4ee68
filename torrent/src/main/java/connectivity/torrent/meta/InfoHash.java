package connectivity.torrent.meta;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** The 20-byte SHA-1 of a torrent's bencoded {@code info} dictionary, as it stood in the file. */
public record InfoHash(byte[] bytes) {
    public static final int LENGTH = 20;

    public InfoHash {
        if (bytes == null || bytes.length != LENGTH) throw new IllegalArgumentException("an info-hash has 20 bytes");
        bytes = bytes.clone();
    }

    /** SHA-1 over exactly these bytes. */
    public static InfoHash of(byte[] rawInfo) {
        return new InfoHash(sha1().digest(rawInfo));
    }

    /** Parses 40 hex digits (either case). */
    public static InfoHash fromHex(String hex) {
        String h = hex.strip();
        if (h.length() != 40) throw new IllegalArgumentException("an info-hash is 40 hex digits, got " + h.length() + " characters");
        return new InfoHash(HexFormat.of().parseHex(h));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lower-case hex, 40 characters. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** Percent-encoded for a tracker query string: unreserved characters as they are, all others %XX. */
    public String urlEncoded() {
        return UrlBytes.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfoHash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-1", e);
        }
    }
}
