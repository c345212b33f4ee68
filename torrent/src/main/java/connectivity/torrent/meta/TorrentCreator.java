package connectivity.torrent.meta;

import connectivity.net.support.AtomicFiles;
import connectivity.net.support.AtomicFiles.Access;
import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BInt;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.BValue;
import connectivity.torrent.bencode.Bencode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;

/**
 * Makes a v1 .torrent for a file or a directory. Pieces are hashed on all cores with positional reads;
 * the result is written atomically (temporary file in the output's directory, then rename) and nothing
 * else is ever written.
 */
public final class TorrentCreator {
    /** Automatic piece lengths aim at no more than this many pieces (so 1,000 to 2,000 for large inputs). */
    static final int TARGET_MAX_PIECES = 2000;
    static final long MAX_AUTO_PIECE_LENGTH = 16L * 1024 * 1024;
    private static final int MAX_CACHED_CHANNELS = 1024;

    /** Told how far hashing has come; called from the thread that runs {@link #build()}. */
    @FunctionalInterface
    public interface Progress {
        void update(long bytesHashed, long totalBytes);

        Progress NONE = (done, total) -> {};
    }

    private final Path source;
    private final List<List<String>> trackerTiers = new ArrayList<>();
    private OptionalLong pieceLength = OptionalLong.empty();
    private Optional<String> comment = Optional.empty();
    private Optional<String> createdBy = Optional.empty();
    private boolean isPrivate;
    private Clock clock = Clock.systemUTC();
    private boolean includeCreationDate = true;
    private Progress progress = Progress.NONE;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Optional<Path> exclude = Optional.empty();

    private TorrentCreator(Path source) {
        this.source = Objects.requireNonNull(source);
    }

    public static TorrentCreator of(Path source) {
        return new TorrentCreator(source);
    }

    /** Adds a tier holding these tracker URLs; each call is one tier, tried in order by clients. */
    public TorrentCreator trackerTier(List<String> urls) {
        List<String> tier = urls.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (!tier.isEmpty()) trackerTiers.add(tier);
        return this;
    }

    public TorrentCreator tracker(String url) {
        return trackerTier(List.of(url));
    }

    /** A fixed piece length (a power of two of at least 16 KiB) instead of the automatic choice. */
    public TorrentCreator pieceLength(long bytes) {
        if (bytes < MetainfoParser.MIN_PIECE_LENGTH || bytes > MetainfoParser.MAX_PIECE_LENGTH || Long.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("piece length must be a power of two between 16 KiB and 1 GiB, got " + bytes);
        }
        this.pieceLength = OptionalLong.of(bytes);
        return this;
    }

    public TorrentCreator comment(String comment) {
        this.comment = Optional.ofNullable(comment).filter(s -> !s.isEmpty());
        return this;
    }

    public TorrentCreator createdBy(String createdBy) {
        this.createdBy = Optional.ofNullable(createdBy).filter(s -> !s.isEmpty());
        return this;
    }

    public TorrentCreator privateFlag(boolean isPrivate) {
        this.isPrivate = isPrivate;
        return this;
    }

    /** The clock for the creation date; {@code null} leaves the date out (reproducible output). */
    public TorrentCreator clock(Clock clock) {
        this.includeCreationDate = clock != null;
        if (clock != null) this.clock = clock;
        return this;
    }

    public TorrentCreator progress(Progress progress) {
        this.progress = Objects.requireNonNull(progress);
        return this;
    }

    public TorrentCreator threads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be positive");
        this.threads = threads;
        return this;
    }

    /** The smallest power of two (at least 16 KiB, at most 16 MiB) that cuts {@code total} into at most 2,000 pieces. */
    public static long choosePieceLength(long total) {
        long length = MetainfoParser.MIN_PIECE_LENGTH;
        while (length < MAX_AUTO_PIECE_LENGTH && Info.expectedPieceCount(total, length) > TARGET_MAX_PIECES) length <<= 1;
        return length;
    }

    /** Builds the .torrent bytes. */
    public byte[] build() throws IOException {
        if (!Files.exists(source)) throw new NoSuchFileException(source.toString(), null, "no such file or directory");
        Path name = source.toAbsolutePath().normalize().getFileName();
        if (name == null) throw new IOException(source + ": cannot make a torrent of the file system root");
        List<SourceFile> files = listFiles();
        long total = 0;
        for (SourceFile f : files) total = Math.addExact(total, f.length);
        if (total == 0) throw new IOException(source + ": nothing to share (no bytes in it)");
        long pl = pieceLength.orElse(choosePieceLength(total));
        byte[] pieces = hashPieces(files, total, pl);

        BDict.Builder info = BDict.builder()
                .put("name", name.toString())
                .put("piece length", pl)
                .put("pieces", pieces);
        if (Files.isDirectory(source)) {
            List<BValue> entries = new ArrayList<>();
            for (SourceFile f : files) {
                List<BValue> path = f.components.stream().<BValue>map(BBytes::of).toList();
                entries.add(BDict.builder().put("length", f.length).put("path", new BList(path)).build());
            }
            info.put("files", new BList(entries));
        } else {
            info.put("length", total);
        }
        if (isPrivate) info.put("private", 1);

        BDict.Builder root = BDict.builder().put("info", info.build());
        if (!trackerTiers.isEmpty()) {
            root.put("announce", trackerTiers.get(0).get(0));
            if (trackerTiers.size() > 1 || trackerTiers.get(0).size() > 1) {
                List<BValue> tiers = trackerTiers.stream()
                        .<BValue>map(t -> new BList(t.stream().<BValue>map(BBytes::of).toList()))
                        .toList();
                root.put("announce-list", new BList(tiers));
            }
        }
        comment.ifPresent(c -> root.put("comment", c));
        createdBy.ifPresent(c -> root.put("created by", c));
        if (includeCreationDate) root.put("creation date", new BInt(clock.instant().getEpochSecond()));
        return Bencode.encode(root.build());
    }

    /**
     * Builds the torrent and writes it to {@code output} atomically. Refuses to replace an existing file
     * unless {@code overwrite}. Returns the parsed result.
     */
    public Metainfo writeTo(Path output, boolean overwrite) throws IOException {
        Path out = output.toAbsolutePath().normalize();
        if (Files.isDirectory(out)) throw new FileAlreadyExistsException(out.toString(), null, "is a directory");
        if (!overwrite && Files.exists(out)) throw new FileAlreadyExistsException(out.toString(), null, "already exists (use --force to replace it)");
        Path dir = out.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new NoSuchFileException(String.valueOf(dir), null, "no such directory for the output");
        this.exclude = Optional.of(out);
        byte[] bytes = build();
        Metainfo parsed;
        try {
            parsed = Metainfo.parse(bytes);
        } catch (MetainfoException e) {
            throw new IOException("cannot make a valid torrent: " + e.getMessage(), e);
        }
        if (overwrite) {
            AtomicFiles.write(out, bytes, Access.SHARED);
        } else if (!AtomicFiles.createIfAbsent(out, bytes, Access.SHARED)) {
            // Something took the name while the pieces were hashed: it is not ours to replace.
            throw new FileAlreadyExistsException(out.toString(), null, "already exists (use --force to replace it)");
        }
        return parsed;
    }

    private record SourceFile(Path path, List<String> components, long length) {}

    private List<SourceFile> listFiles() throws IOException {
        if (!Files.isDirectory(source)) {
            if (!Files.isRegularFile(source)) throw new IOException(source + ": not a regular file or directory");
            return List.of(new SourceFile(source, List.of(source.getFileName().toString()), Files.size(source)));
        }
        List<SourceFile> files = new ArrayList<>();
        Path excluded = exclude.orElse(null);
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(p)) continue;
                if (excluded != null && p.toAbsolutePath().normalize().equals(excluded)) continue;
                long size = Files.size(p);
                // Empty files carry no pieces, and some clients refuse torrents that list them.
                if (size == 0) continue;
                List<String> components = new ArrayList<>();
                for (Path c : source.relativize(p)) components.add(c.toString());
                files.add(new SourceFile(p, List.copyOf(components), size));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        files.sort(Comparator.comparing(f -> String.join("/", f.components)));
        return files;
    }

    private byte[] hashPieces(List<SourceFile> files, long total, long pl) throws IOException {
        long count = Info.expectedPieceCount(total, pl);
        if (count * PieceHashes.HASH_LENGTH > Integer.MAX_VALUE - 64) throw new IOException("too many pieces; choose a larger piece length");
        int pieceCount = (int) count;
        byte[] hashes = new byte[pieceCount * PieceHashes.HASH_LENGTH];
        long[] starts = new long[files.size()];
        long offset = 0;
        for (int i = 0; i < files.size(); i++) {
            starts[i] = offset;
            offset += files.get(i).length;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong hashed = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int workers = (int) Math.max(1, Math.min(threads, pieceCount));
        CountDownLatch done = new CountDownLatch(workers);
        try (ChannelCache channels = new ChannelCache(files)) {
            for (int w = 0; w < workers; w++) {
                Thread.ofPlatform().name("torrent-hash-" + w).daemon().start(() -> {
                    try {
                        MessageDigest sha1 = InfoHash.sha1();
                        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(pl, 1 << 20));
                        int piece;
                        while (failure.get() == null && (piece = next.getAndIncrement()) < pieceCount) {
                            long start = piece * pl;
                            long end = Math.min(total, start + pl);
                            hashRange(files, starts, channels, start, end, sha1, buffer);
                            try {
                                sha1.digest(hashes, piece * PieceHashes.HASH_LENGTH, PieceHashes.HASH_LENGTH);
                            } catch (java.security.DigestException e) {
                                throw new IllegalStateException(e);
                            }
                            hashed.addAndGet(end - start);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        done.countDown();
                    }
                });
            }
            try {
                while (!done.await(200, TimeUnit.MILLISECONDS)) progress.update(hashed.get(), total);
            } catch (InterruptedException e) {
                failure.compareAndSet(null, e);
                Thread.currentThread().interrupt();
            }
        }
        Throwable t = failure.get();
        if (t instanceof IOException io) throw io;
        if (t instanceof InterruptedException) throw new IOException("interrupted while hashing");
        if (t != null) throw new IOException("hashing failed: " + t, t);
        progress.update(total, total);
        return hashes;
    }

    private static void hashRange(List<SourceFile> files, long[] starts, ChannelCache channels, long start, long end,
            MessageDigest sha1, ByteBuffer buffer) throws IOException {
        int fileIndex = findFile(starts, files, start);
        long pos = start;
        while (pos < end) {
            SourceFile f = files.get(fileIndex);
            long inFile = pos - starts[fileIndex];
            long want = Math.min(end, starts[fileIndex] + f.length) - pos;
            FileChannel ch = channels.open(fileIndex);
            try {
                while (want > 0) {
                    buffer.clear();
                    if (want < buffer.capacity()) buffer.limit((int) want);
                    int n = ch.read(buffer, inFile);
                    if (n < 0) throw new IOException(f.path + " became shorter while hashing");
                    buffer.flip();
                    sha1.update(buffer);
                    inFile += n;
                    want -= n;
                    pos += n;
                }
            } finally {
                channels.release(fileIndex, ch);
            }
            fileIndex++;
        }
    }

    private static int findFile(long[] starts, List<SourceFile> files, long pos) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= pos) lo = mid;
            else hi = mid - 1;
        }
        // Skip files that end at pos (all files here are non-empty, so at most this one).
        while (starts[lo] + files.get(lo).length <= pos) lo++;
        return lo;
    }

    /** Keeps channels open across pieces for small file counts; opens per read for huge directories. */
    private static final class ChannelCache implements AutoCloseable {
        private final List<SourceFile> files;
        private final AtomicReferenceArray<FileChannel> open;
        private final boolean cache;

        ChannelCache(List<SourceFile> files) {
            this.files = files;
            this.cache = files.size() <= MAX_CACHED_CHANNELS;
            this.open = new AtomicReferenceArray<>(cache ? files.size() : 0);
        }

        FileChannel open(int index) throws IOException {
            if (!cache) return FileChannel.open(files.get(index).path, StandardOpenOption.READ);
            FileChannel ch = open.get(index);
            if (ch != null) return ch;
            FileChannel fresh = FileChannel.open(files.get(index).path, StandardOpenOption.READ);
            if (open.compareAndSet(index, null, fresh)) return fresh;
            fresh.close();
            return open.get(index);
        }

        void release(int index, FileChannel ch) throws IOException {
            if (!cache) ch.close();
        }

        @Override
        public void close() throws IOException {
            for (int i = 0; i < open.length(); i++) {
                FileChannel ch = open.getAndSet(i, null);
                if (ch != null) ch.close();
            }
        }
    }
}
