package connectivity.http.documents;

import connectivity.http.Headers;
import connectivity.http.server.Response;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small files kept in memory between requests, bounded in total. An entry is reused while a stat of
 * the path shows the same file: same inode, same modification time to the nanosecond, same size. Each
 * request still stats the file, so a replaced or rewritten file is never served stale (an in-place
 * rewrite within one timestamp tick and to the same size would also defeat the ETag, which rests on
 * the same attributes).
 */
final class SmallFileCache {
    private final int maxFileBytes;
    private final long maxTotalBytes;
    private final ConcurrentHashMap<Path, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();

    /** One cached file: it is its own opened content, as nothing needs opening. */
    record Entry(Object fileKey, long modifiedNanos, byte[] content, String etag, String lastModified,
                 Instant modified, Headers okHeaders) implements Representation, Representation.Content {
        boolean sameFileAs(BasicFileAttributes attrs) {
            return attrs.size() == content.length && attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS) == modifiedNanos
                    && Objects.equals(attrs.fileKey(), fileKey);
        }

        @Override
        public Content open() {
            return this;
        }

        @Override
        public long size() {
            return content.length;
        }

        @Override
        public Response.Body slice(long first, long length) {
            if (first == 0 && length == content.length) return new Response.Bytes(content);
            return new Response.Bytes(Arrays.copyOfRange(content, (int) first, (int) (first + length)));
        }

        @Override
        public void copy(long first, long length, java.io.OutputStream out) throws java.io.IOException {
            out.write(content, (int) first, (int) length);
        }

        @Override
        public void discard() {
            // memory only
        }
    }

    SmallFileCache(int maxFileBytes, long maxTotalBytes) {
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * The cached file if still current, else read afresh; null if it is too large to cache or changed
     * while being read (then serve it from disk, which also gives the right status if it went away).
     */
    Entry get(Path path, BasicFileAttributes attrs) throws IOException {
        if (attrs.size() > maxFileBytes) return null;
        Entry cached = entries.get(path);
        if (cached != null && cached.sameFileAs(attrs)) return cached;
        byte[] content;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            content = new byte[(int) attrs.size()];
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, buffer.position()) < 0) return null; // shrank under us
            }
            if (channel.size() != content.length) return null; // grew under us
        } catch (NoSuchFileException | AccessDeniedException e) {
            return null;
        }
        DiskFile validators = DiskFile.of(path, attrs);
        Entry fresh = new Entry(attrs.fileKey(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), content,
                validators.etag(), validators.lastModified(), validators.modified(), validators.okHeaders());
        if (cachedBytes.addAndGet(content.length) > maxTotalBytes) {
            entries.clear(); // crude but bounded: start over rather than track recency
            cachedBytes.set(content.length);
        }
        Entry previous = entries.put(path, fresh);
        if (previous != null) cachedBytes.addAndGet(-previous.content().length);
        return fresh;
    }
}
