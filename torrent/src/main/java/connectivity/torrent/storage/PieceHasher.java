package connectivity.torrent.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-1 of one piece, computed while its blocks arrive: a block that continues the hashed prefix is hashed
 * from memory as it is written, so a piece whose blocks came in order is never read back from disk. Whatever
 * did not arrive in order is read from disk when the piece is checked. Thread-safe: blocks of a piece may come
 * from several peers at once.
 */
public final class PieceHasher {
    private final int piece;
    private final MessageDigest sha1;
    private int hashedUpTo;

    public PieceHasher(int piece) {
        this.piece = piece;
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
    }

    /** Hears of a block that is now on disk; hashes it if it continues what is hashed so far. */
    public void written(int begin, byte[] data) {
        written(begin, ByteBuffer.wrap(data));
    }

    /** As {@link #written(int, byte[])}, for the buffer's remaining bytes; its position is left alone. */
    public synchronized void written(int begin, ByteBuffer data) {
        if (begin != hashedUpTo) return;
        int length = data.remaining();
        sha1.update(data.duplicate());
        hashedUpTo += length;
    }

    /**
     * Call once every block of the piece is on disk: hashes the rest from disk and tells whether the piece has
     * the SHA-1 the torrent names.
     */
    public synchronized boolean verify(PieceStore store) throws IOException {
        TorrentLayout layout = store.layout();
        int size = layout.pieceSize(piece);
        if (hashedUpTo < size) {
            byte[] rest = new byte[Math.min(size - hashedUpTo, 256 * 1024)];
            while (hashedUpTo < size) {
                int n = Math.min(rest.length, size - hashedUpTo);
                store.read(piece, hashedUpTo, rest, n);
                sha1.update(rest, 0, n);
                hashedUpTo += n;
            }
        }
        return MessageDigest.isEqual(sha1.digest(), layout.pieceHash(piece));
    }
}
