package connectivity.torrent.swarm;

import connectivity.torrent.storage.PieceHasher;
import connectivity.torrent.storage.PieceStore;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where the blocks of a piece go until the piece is checked. Blocks of one piece may arrive on several peer
 * threads at once, each for its own range; {@link #check} and {@link #commit} come after every block was added.
 */
sealed interface PieceInProgress {
    void add(int begin, byte[] data) throws IOException;

    /** True when the piece has the SHA-1 the torrent names. */
    boolean check() throws IOException;

    /** After a good check: puts the piece on disk (if it is not there already). */
    void commit() throws IOException;

    /**
     * The piece is assembled in memory: checked without reading anything back and written with one positional
     * write once it is good, so a corrupt piece never reaches the disk. A kill loses it, like any piece in flight.
     */
    record Buffered(PieceStore store, int piece, byte[] buffer, int size) implements PieceInProgress {
        @Override
        public void add(int begin, byte[] data) {
            System.arraycopy(data, 0, buffer, begin, data.length);
        }

        @Override
        public boolean check() {
            MessageDigest sha1;
            try {
                sha1 = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK always has SHA-1", e);
            }
            sha1.update(buffer, 0, size);
            return MessageDigest.isEqual(sha1.digest(), store.layout().pieceHash(piece));
        }

        @Override
        public void commit() throws IOException {
            store.write(piece, 0, buffer, size);
        }
    }

    /** Each block goes to disk as it comes (when memory for whole pieces is short); the hash runs alongside. */
    record OnDisk(PieceStore store, int piece, PieceHasher hasher) implements PieceInProgress {
        OnDisk(PieceStore store, int piece) {
            this(store, piece, new PieceHasher(piece));
        }

        @Override
        public void add(int begin, byte[] data) throws IOException {
            store.write(piece, begin, data);
            hasher.written(begin, data);
        }

        @Override
        public boolean check() throws IOException {
            return hasher.verify(store);
        }

        @Override
        public void commit() {
            // already on disk
        }
    }
}
