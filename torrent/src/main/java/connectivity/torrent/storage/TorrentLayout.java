package connectivity.torrent.storage;

import java.util.List;
import java.util.Optional;

/** What storage and the swarm need to know of a torrent: how its bytes split into pieces and files. */
public interface TorrentLayout {
    /** A file of the torrent: path relative to the download folder, its length, and its offset in the torrent's byte stream. */
    record FileSpan(List<String> path, long length, long offset) {
        public FileSpan {
            path = List.copyOf(path);
        }
    }

    int pieceLength();

    long totalLength();

    List<FileSpan> files();

    /** The 20-byte SHA-1 of piece {@code index}. */
    byte[] pieceHash(int index);

    /** The bencoded info dictionary, when the layout came from one: what BEP 9 serves to peers that have only a magnet link. */
    default Optional<byte[]> infoBytes() {
        return Optional.empty();
    }

    default int pieceCount() {
        return (int) ((totalLength() + pieceLength() - 1) / pieceLength());
    }

    default int pieceSize(int index) {
        if (index < 0 || index >= pieceCount()) throw new IndexOutOfBoundsException(index);
        long start = (long) index * pieceLength();
        return (int) Math.min(pieceLength(), totalLength() - start);
    }

    /** BEP 27's {@code private} flag: peers come from the torrent's trackers only (no peer exchange). */
    default boolean isPrivate() {
        return false;
    }

    /** Blocks are 16 KiB, or the whole piece when pieces are smaller. */
    default int blockSize() {
        return Math.min(16 * 1024, pieceLength());
    }

    default int blocksIn(int piece) {
        return (pieceSize(piece) + blockSize() - 1) / blockSize();
    }

    default int maxBlocksPerPiece() {
        return (pieceLength() + blockSize() - 1) / blockSize();
    }

    /** A simple in-memory layout (tests, adapters). */
    record Simple(int pieceLength, long totalLength, List<FileSpan> files, List<byte[]> hashes) implements TorrentLayout {
        @Override
        public byte[] pieceHash(int index) {
            return hashes.get(index);
        }
    }
}
