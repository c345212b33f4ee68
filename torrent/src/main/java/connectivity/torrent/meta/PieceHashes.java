package connectivity.torrent.meta;

import java.security.MessageDigest;
import java.util.Arrays;

/** The concatenated 20-byte SHA-1 hashes of the pieces, in order. */
public record PieceHashes(byte[] concatenated) {
    public static final int HASH_LENGTH = 20;

    public PieceHashes {
        if (concatenated.length % HASH_LENGTH != 0) throw new IllegalArgumentException("piece hashes must be a multiple of 20 bytes");
        concatenated = concatenated.clone();
    }

    @Override
    public byte[] concatenated() {
        return concatenated.clone();
    }

    public int count() {
        return concatenated.length / HASH_LENGTH;
    }

    /** The expected SHA-1 of piece {@code index}. */
    public byte[] get(int index) {
        checkIndex(index);
        return Arrays.copyOfRange(concatenated, index * HASH_LENGTH, (index + 1) * HASH_LENGTH);
    }

    /** Whether {@code sha1} (20 bytes) is the expected hash of piece {@code index}; constant-time compare. */
    public boolean matches(int index, byte[] sha1) {
        checkIndex(index);
        if (sha1.length != HASH_LENGTH) return false;
        return MessageDigest.isEqual(get(index), sha1);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count()) throw new IndexOutOfBoundsException("piece " + index + " of " + count());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PieceHashes p && Arrays.equals(concatenated, p.concatenated);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(concatenated);
    }

    @Override
    public String toString() {
        return "PieceHashes[" + count() + " pieces]";
    }
}
