package connectivity.torrent.meta;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A torrent's {@code info} dictionary: what is shared and how it is cut into pieces.
 *
 * @param name the suggested file name (single-file) or directory name (multi-file), decoded as UTF-8
 * @param pieceLength bytes per piece; every piece but the last has this length
 * @param pieceHashes the SHA-1 of every piece
 * @param files the files in the order of the torrent's byte stream, with their offsets in it
 * @param multiFile whether the torrent describes a directory (a {@code files} list) or one file
 * @param isPrivate the {@code private} flag (BEP 27)
 * @param rawBytes the bencoded dictionary exactly as it stood in the file; the info-hash is its SHA-1
 */
public record Info(
        String name,
        long pieceLength,
        PieceHashes pieceHashes,
        List<FileEntry> files,
        boolean multiFile,
        boolean isPrivate,
        byte[] rawBytes) {

    public Info {
        Objects.requireNonNull(name);
        Objects.requireNonNull(pieceHashes);
        files = List.copyOf(files);
        rawBytes = rawBytes.clone();
        if (pieceLength <= 0) throw new IllegalArgumentException("piece length must be positive");
        long total = 0;
        for (FileEntry f : files) {
            if (f.offset() != total) throw new IllegalArgumentException("file offsets must follow one another");
            total = Math.addExact(total, f.length());
        }
        if (expectedPieceCount(total, pieceLength) != pieceHashes.count()) {
            throw new IllegalArgumentException("piece count does not match the total length");
        }
    }

    static long expectedPieceCount(long totalLength, long pieceLength) {
        return totalLength / pieceLength + (totalLength % pieceLength == 0 ? 0 : 1);
    }

    @Override
    public byte[] rawBytes() {
        return rawBytes.clone();
    }

    /** SHA-1 of {@link #rawBytes()}. */
    public InfoHash infoHash() {
        return InfoHash.of(rawBytes);
    }

    /** Sum of all file lengths: the length of the torrent's byte stream. */
    public long totalLength() {
        List<FileEntry> f = files;
        return f.isEmpty() ? 0 : f.get(f.size() - 1).end();
    }

    public int pieceCount() {
        return pieceHashes.count();
    }

    /** Where piece {@code index} starts in the byte stream. */
    public long pieceOffset(int index) {
        checkPiece(index);
        return index * pieceLength;
    }

    /** The length of piece {@code index}: {@link #pieceLength()} except for a shorter last piece. */
    public int pieceSize(int index) {
        checkPiece(index);
        long start = index * pieceLength;
        return (int) Math.min(pieceLength, totalLength() - start);
    }

    /** The expected SHA-1 of piece {@code index} (20 bytes). */
    public byte[] pieceHash(int index) {
        return pieceHashes.get(index);
    }

    private void checkPiece(int index) {
        if (index < 0 || index >= pieceCount()) throw new IndexOutOfBoundsException("piece " + index + " of " + pieceCount());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Info i && Arrays.equals(rawBytes, i.rawBytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rawBytes);
    }

    @Override
    public String toString() {
        return "Info[name=" + name + ", pieceLength=" + pieceLength + ", pieces=" + pieceCount()
                + ", files=" + files.size() + ", totalLength=" + totalLength() + ", private=" + isPrivate + "]";
    }
}
