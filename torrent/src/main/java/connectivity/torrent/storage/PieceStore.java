package connectivity.torrent.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The torrent's bytes on disk. Pieces map onto files by absolute offset, so a piece may span several
 * files; every read and write is positional on a {@link FileChannel}, safe from many threads at once.
 */
public final class PieceStore implements Closeable {
    private final TorrentLayout layout;
    private final List<TorrentLayout.FileSpan> spans = new ArrayList<>();
    private final List<FileChannel> channels = new ArrayList<>();
    /**
     * Per file (as in {@link #channels}): the same file opened for direct I/O (O_DIRECT), or null where the file
     * system refuses it. Whole aligned pages of a write go this way: straight to the device, with no copy into the
     * page cache, which on a fast link costs more than anything else a leecher does.
     */
    private final List<FileChannel> directChannels = new CopyOnWriteArrayList<>();
    private final long[] starts;
    /**
     * Per file (as in {@link #channels}): how many bytes it held before we opened it. Bytes beyond that were
     * made by us just now and are known to be missing, so verifying skips pieces that lie wholly there.
     */
    private final List<Long> sizesFound = new ArrayList<>();

    private PieceStore(TorrentLayout layout) {
        this.layout = layout;
        for (TorrentLayout.FileSpan f : layout.files()) if (f.length() > 0) spans.add(f);
        starts = spans.stream().mapToLong(TorrentLayout.FileSpan::offset).toArray();
    }

    /**
     * Creates missing files and folders and sizes every file to its length (sparse where the file system allows).
     * Existing files are resized and written only if the download made them (see {@link DownloadRecord}) or a
     * piece in them verifies as this torrent's; anything else there, and a symbolic link at any level below
     * {@code dir}, is refused with an {@link UnsafeTargetException} before anything changes.
     */
    public static PieceStore openForDownload(Path dir, TorrentLayout layout) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        List<Path> paths = new ArrayList<>();
        List<OptionalLong> found = new ArrayList<>();
        for (TorrentLayout.FileSpan f : layout.files()) {
            if (f.path().get(0).startsWith(DownloadRecord.PREFIX)) throw new IOException("unsafe file name in torrent: " + f.path().get(0));
            Path p = TargetPaths.resolve(base, f.path());
            paths.add(p);
            found.add(TargetPaths.inspect(base, p));
        }
        if (!DownloadRecord.exists(base, layout)) refuseForeign(layout, paths, found);
        DownloadRecord.write(base, layout);
        PieceStore store = new PieceStore(layout);
        try {
            for (int k = 0; k < paths.size(); k++) {
                TorrentLayout.FileSpan f = layout.files().get(k);
                Path p = paths.get(k);
                TargetPaths.createParents(base, p);
                FileChannel ch = found.get(k).isPresent()
                        ? FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
                        : FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                long size = ch.size();
                if (size != f.length()) {
                    if (size > f.length()) ch.truncate(f.length());
                    else ch.write(ByteBuffer.allocate(1), f.length() - 1); // extends the file to its full length
                }
                if (f.length() > 0) {
                    store.channels.add(ch);
                    store.directChannels.add(openDirect(p));
                    store.sizesFound.add(Math.min(size, f.length()));
                } else {
                    ch.close();
                }
            }
            return store;
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Refuses, before anything changes, a file that is there without the download having made it, unless what it
     * holds is this torrent's: no longer than the torrent's file and with a piece in it that verifies.
     */
    private static void refuseForeign(TorrentLayout layout, List<Path> paths, List<OptionalLong> found) throws IOException {
        if (found.stream().noneMatch(OptionalLong::isPresent)) return;
        try (PieceStore probe = openFound(layout, paths, found)) {
            for (int k = 0; k < paths.size(); k++) {
                if (found.get(k).isEmpty()) continue;
                TorrentLayout.FileSpan f = layout.files().get(k);
                long size = found.get(k).getAsLong();
                boolean ours = size <= f.length() && (f.length() == 0 ? size == 0 : probe.holdsAPiece(f, size));
                if (!ours) throw new UnsafeTargetException(paths.get(k), paths.get(k) + " exists and is not this torrent's data");
            }
        }
    }

    /** The files that are there, read-only and never through a link; a missing one reads as an error. */
    private static PieceStore openFound(TorrentLayout layout, List<Path> paths, List<OptionalLong> found) throws IOException {
        PieceStore probe = new PieceStore(layout);
        try {
            for (int k = 0; k < paths.size(); k++) {
                if (layout.files().get(k).length() == 0) continue;
                probe.channels.add(found.get(k).isPresent()
                        ? FileChannel.open(paths.get(k), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS) : null);
                probe.directChannels.add(null);
                probe.sizesFound.add(0L);
            }
            return probe;
        } catch (IOException | RuntimeException e) {
            probe.close();
            throw e;
        }
    }

    /** True when a piece with bytes in the first {@code size} bytes of {@code f} verifies (reading what is on disk now). */
    private boolean holdsAPiece(TorrentLayout.FileSpan f, long size) {
        if (size == 0) return false;
        long first = f.offset() / layout.pieceLength();
        long last = (f.offset() + size - 1) / layout.pieceLength();
        for (long i = first; i <= last; i++) {
            try {
                if (verify((int) i)) return true;
            } catch (IOException missingOrShort) {
                // a piece that runs into a missing or short file cannot verify yet
            }
        }
        return false;
    }

    /** Opens existing files read-only, for seeding; a missing or short file is an error. */
    public static PieceStore openForSeeding(Path dir, TorrentLayout layout) throws IOException {
        PieceStore store = new PieceStore(layout);
        try {
            for (TorrentLayout.FileSpan f : layout.files()) {
                Path p = resolve(dir, f);
                if (!Files.isRegularFile(p)) throw new NoSuchFileException(p.toString(), null, "missing");
                if (Files.size(p) != f.length()) {
                    throw new IOException(p + " is " + Files.size(p) + " bytes, the torrent says " + f.length());
                }
                if (f.length() > 0) {
                    store.channels.add(FileChannel.open(p, StandardOpenOption.READ));
                    store.directChannels.add(null);
                    store.sizesFound.add(f.length());
                }
            }
            return store;
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static FileChannel openDirect(Path p) {
        try {
            return FileChannel.open(p, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            return null; // tmpfs and some others: buffered writes only
        }
    }

    /** The alignment direct writes need (in memory, in the file, and of their length). */
    public static final int DIRECT_ALIGNMENT = 4096;

    /** Where a file of the torrent lives; refuses paths that would leave {@code dir}. */
    public static Path resolve(Path dir, TorrentLayout.FileSpan f) throws IOException {
        return TargetPaths.resolve(dir.toAbsolutePath().normalize(), f.path());
    }

    public TorrentLayout layout() {
        return layout;
    }

    public void write(int piece, int begin, byte[] data) throws IOException {
        write(piece, begin, ByteBuffer.wrap(data));
    }

    /** Writes the buffer's remaining bytes (a direct buffer goes to the file without a copy); its position is left alone. */
    public void write(int piece, int begin, ByteBuffer data) throws IOException {
        int length = data.remaining();
        long at = offset(piece, begin, length);
        ByteBuffer buf = data.duplicate();
        forEachSlice(at, length, (index, ch, pos, len) -> {
            int sliceStart = buf.position();
            int direct = directLength(index, buf, pos, len);
            if (direct > 0) {
                buf.limit(sliceStart + direct);
                FileChannel dch = directChannels.get(index);
                try {
                    while (buf.hasRemaining()) dch.write(buf, pos + (buf.position() - sliceStart));
                } catch (IOException e) {
                    // A file system that opens files for direct I/O but will not write them so: buffered from now on.
                    directChannels.set(index, null);
                    closeQuietly(dch);
                    buf.position(sliceStart);
                }
            }
            buf.limit(sliceStart + len);
            while (buf.hasRemaining()) ch.write(buf, pos + (buf.position() - sliceStart));
        });
    }

    /** How many bytes from the buffer's position can go to the file at {@code pos} by direct I/O: whole aligned pages, or none. */
    private int directLength(int index, ByteBuffer buf, long pos, int len) {
        if (directChannels.get(index) == null || !buf.isDirect() || pos % DIRECT_ALIGNMENT != 0
                || buf.alignmentOffset(buf.position(), DIRECT_ALIGNMENT) != 0) {
            return 0;
        }
        return len - len % DIRECT_ALIGNMENT;
    }

    public byte[] read(int piece, int begin, int length) throws IOException {
        byte[] data = new byte[length];
        readInto(offset(piece, begin, length), data, length);
        return data;
    }

    /** Reads {@code length} bytes of a piece into the start of {@code into}. */
    public void read(int piece, int begin, byte[] into, int length) throws IOException {
        readInto(offset(piece, begin, length), into, length);
    }

    /** Reads {@code length} bytes of a piece into {@code into} from its position, which ends up past them. */
    public void read(int piece, int begin, ByteBuffer into, int length) throws IOException {
        if (into.remaining() < length) throw new IllegalArgumentException("no room for " + length + " bytes");
        readInto(offset(piece, begin, length), into, length);
    }

    private void readInto(long at, byte[] data, int length) throws IOException {
        readInto(at, ByteBuffer.wrap(data, 0, length), length);
    }

    private void readInto(long at, ByteBuffer buf, int length) throws IOException {
        forEachSlice(at, length, (index, ch, pos, len) -> {
            int sliceStart = buf.position();
            buf.limit(sliceStart + len);
            if (ch == null) throw new NoSuchFileException("a file of the torrent", null, "missing");
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos + (buf.position() - sliceStart));
                if (n < 0) throw new IOException("file shorter than the torrent says");
            }
        });
    }

    /** True when the piece on disk has the SHA-1 the torrent names. */
    public boolean verify(int piece) throws IOException {
        byte[] data = read(piece, 0, layout.pieceSize(piece));
        return Arrays.equals(sha1(data), layout.pieceHash(piece));
    }

    /**
     * Hashes every piece, in parallel on {@code threads} platform threads, and returns the pieces that are good.
     * {@code checked} hears of each piece as it is done (for progress).
     */
    public BitSet verifyAll(int threads, IntConsumer checked) throws IOException {
        return verify(threads, checked, false);
    }

    /**
     * Like {@link #verifyAll}, but only pieces with bytes that were on disk when the store was opened are hashed:
     * the rest lie wholly in space we just created (a fresh download) and are known to be missing.
     */
    public BitSet verifyFound(int threads, IntConsumer checked) throws IOException {
        return verify(threads, checked, true);
    }

    private BitSet verify(int threads, IntConsumer checked, boolean skipNewlyMade) throws IOException {
        BitSet good = new BitSet(layout.pieceCount());
        if (skipNewlyMade && sizesFound.stream().allMatch(n -> n == 0)) {
            // A fresh download: nothing to hash, so no pool of hashing threads to start (a start-up cost under load).
            for (int i = 0; i < layout.pieceCount(); i++) checked.accept(i);
            return good;
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<BitSet>> parts = new ArrayList<>();
            for (int t = 0; t < Math.max(1, threads); t++) {
                parts.add(pool.submit(() -> {
                    BitSet mine = new BitSet();
                    for (int i = next.getAndIncrement(); i < layout.pieceCount(); i = next.getAndIncrement()) {
                        if (!(skipNewlyMade && newlyMade(i)) && verify(i)) mine.set(i);
                        checked.accept(i);
                    }
                    return mine;
                }));
            }
            for (Future<BitSet> f : parts) good.or(f.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("verification failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while verifying");
        } finally {
            pool.shutdownNow();
        }
        return good;
    }

    /** True when every byte of the piece lies past what its file held when opened: nothing there to check. */
    private boolean newlyMade(int piece) throws IOException {
        boolean[] fresh = {true};
        forEachSlice(offset(piece, 0, layout.pieceSize(piece)), layout.pieceSize(piece), (index, ch, pos, len) -> {
            if (pos < sizesFound.get(index)) fresh[0] = false;
        });
        return fresh[0];
    }

    public static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
    }

    private long offset(int piece, int begin, int length) throws IOException {
        if (piece < 0 || piece >= layout.pieceCount() || begin < 0 || length < 0 || (long) begin + length > layout.pieceSize(piece)) {
            throw new IOException("block out of range: piece " + piece + " begin " + begin + " length " + length);
        }
        return (long) piece * layout.pieceLength() + begin;
    }

    private interface SliceAction {
        void apply(int index, FileChannel channel, long position, int length) throws IOException;
    }

    private void forEachSlice(long at, int length, SliceAction action) throws IOException {
        int i = Arrays.binarySearch(starts, at);
        if (i < 0) i = -i - 2;
        long remaining = length;
        long pos = at;
        while (remaining > 0) {
            TorrentLayout.FileSpan f = spans.get(i);
            long inFile = pos - f.offset();
            int n = (int) Math.min(remaining, f.length() - inFile);
            if (n > 0) action.apply(i, channels.get(i), inFile, n);
            pos += n;
            remaining -= n;
            i++;
        }
    }

    @Override
    public void close() {
        for (FileChannel ch : directChannels) closeQuietly(ch);
        for (FileChannel ch : channels) closeQuietly(ch);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // closing is best effort: what was written is in the page cache or on the device already
        }
    }
}
