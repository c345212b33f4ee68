package connectivity.http.documents;

import connectivity.http.HttpDates;
import connectivity.http.Status;
import connectivity.http.server.Handler;
import connectivity.http.server.Request;
import connectivity.http.server.Response;
import connectivity.net.support.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves the files under a root directory (mapped by {@link DocumentRoot}): GET and HEAD (with Range, ETag, Last-Modified and
 * conditional requests), PUT (atomic: the upload goes to a temporary file in the same directory and
 * is renamed over the target only once complete), DELETE and OPTIONS. No request path can reach
 * outside the root: encoded slashes, backslashes and NUL are refused, dot segments are resolved
 * before the path is mapped, and the mapped path must still start with the root.
 */
public final class DocumentHandler implements Handler {
    private static final String ALLOW_WRITE = "GET, HEAD, PUT, DELETE, OPTIONS";
    private static final String ALLOW_READ = "GET, HEAD, OPTIONS";
    /** Uploads in progress are named with this prefix... */
    public static final String TEMP_PREFIX = ".conn-upload-";
    /**
     * ...in this directory under the root, which no request can name (404) and which is emptied at
     * start, so an upload cut off by a crash is never served and does not stay.
     */
    public static final String UPLOADS_DIR = ".conn-uploads";
    private static final int COPY_BUFFER = 256 * 1024;

    /** Files up to this size are kept in memory between requests (see {@link SmallFile}). */
    private static final int SMALL_FILE = 64 * 1024;
    private static final long CACHE_BYTES = 32L * 1024 * 1024;

    private final Path root;
    private final Path uploads;
    private final DocumentRoot documents;
    private final boolean readOnly;
    private final String allow;
    private final ConcurrentHashMap<Path, SmallFile> smallFiles = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();
    private final PathLocks writeLocks = new PathLocks(64);

    /**
     * A small file's content and response fields, reused while a stat of the path shows the same
     * file: same inode, same modification time to the nanosecond, same size. Each request still
     * stats the file, so a replaced or rewritten file is never served stale (an in-place rewrite
     * within one timestamp tick and to the same size would also defeat the ETag, which rests on the
     * same attributes).
     */
    private record SmallFile(Object fileKey, long modifiedNanos, long size, byte[] content, String etag,
                             String lastModified, Instant modified, String contentType, connectivity.http.Headers okHeaders) {
        boolean sameFileAs(BasicFileAttributes attrs) {
            return attrs.size() == size && attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS) == modifiedNanos
                    && java.util.Objects.equals(attrs.fileKey(), fileKey);
        }
    }

    /**
     * @param root the directory to serve; it must exist
     * @param readOnly when true, PUT and DELETE get 405
     * @throws IOException if the root is not a readable directory
     */
    public DocumentHandler(Path root, boolean readOnly) throws IOException {
        this(root, readOnly, false);
    }

    /**
     * @param followSymlinks when false (the default), a request whose path goes through a symbolic link
     *     anywhere under the root gets 403, so no link leads outside it (nginx's {@code disable_symlinks on})
     */
    public DocumentHandler(Path root, boolean readOnly, boolean followSymlinks) throws IOException {
        Path real = root.toRealPath();
        if (!Files.isDirectory(real)) throw new NotDirectoryException(root.toString());
        this.root = real;
        this.uploads = real.resolve(UPLOADS_DIR);
        this.documents = new DocumentRoot(real, uploads, followSymlinks);
        this.readOnly = readOnly;
        if (!readOnly) removeLeftoverUploads();
        this.allow = readOnly ? ALLOW_READ : ALLOW_WRITE;
    }

    private void removeLeftoverUploads() throws IOException {
        if (!Files.isDirectory(uploads, LinkOption.NOFOLLOW_LINKS)) return;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(uploads, TEMP_PREFIX + "*")) {
            for (Path leftover : leftovers) Files.deleteIfExists(leftover);
        }
    }

    /** The served directory, as a real absolute path. */
    public Path root() {
        return root;
    }

    @Override
    public Response handle(Request request) throws IOException {
        Path path;
        try {
            path = documents.resolve(request.rawPath(), request.path());
        } catch (DocumentRoot.Refusal r) {
            return Response.status(r.status);
        }
        return switch (request.method()) {
            case "GET", "HEAD" -> get(request, path);
            case "PUT" -> readOnly ? notAllowed() : put(request, path);
            case "DELETE" -> readOnly ? notAllowed() : delete(path);
            case "OPTIONS" -> Response.empty(Status.NO_CONTENT).withHeader("Allow", allow);
            default -> notAllowed();
        };
    }

    private Response notAllowed() {
        return Response.status(Status.METHOD_NOT_ALLOWED).withHeader("Allow", allow);
    }

    private Response get(Request request, Path path) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Response.status(Status.NOT_FOUND);
        } catch (AccessDeniedException e) {
            return Response.status(Status.FORBIDDEN);
        }
        if (attrs.isDirectory()) {
            String raw = request.rawPath();
            if (!raw.endsWith("/")) {
                String query = request.rawQuery();
                // Slashes merged (as nginx does): "//host/.." must not become a network-path reference to another host.
                String location = mergeSlashes(raw) + "/" + (query.isEmpty() ? "" : "?" + query);
                return Response.status(Status.MOVED_PERMANENTLY).withHeader("Location", location);
            }
            Path index = path.resolve("index.html");
            if (documents.refusesLink(index)) return Response.status(Status.FORBIDDEN);
            try {
                BasicFileAttributes indexAttrs = Files.readAttributes(index, BasicFileAttributes.class);
                if (indexAttrs.isRegularFile()) return serveFile(request, index, indexAttrs);
            } catch (NoSuchFileException e) {
                // no index: list the directory
            }
            return DirectoryListing.of(request.path(), path, path.equals(root),
                    entry -> entry.getFileName().toString().startsWith(TEMP_PREFIX) || entry.equals(uploads));
        }
        if (!attrs.isRegularFile()) return Response.status(Status.NOT_FOUND);
        return serveFile(request, path, attrs);
    }

    static String mergeSlashes(String path) {
        if (path.indexOf("//") < 0) return path;
        StringBuilder sb = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '/' || sb.isEmpty() || sb.charAt(sb.length() - 1) != '/') sb.append(c);
        }
        return sb.toString();
    }

    private Response serveFile(Request request, Path path, BasicFileAttributes attrs) throws IOException {
        if (attrs.size() <= SMALL_FILE) {
            SmallFile small = smallFile(path, attrs);
            if (small != null) return serveSmall(request, small);
        }
        String etag = Preconditions.etag(attrs);
        Instant modified = attrs.lastModifiedTime().toInstant();
        String lastModified = HttpDates.format(modified);

        if (Preconditions.notModified(request.headers(), etag, modified)) {
            return new Response(Status.NOT_MODIFIED,
                    connectivity.http.Headers.of("ETag", etag, "Last-Modified", lastModified), new Response.Empty());
        }

        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return Response.status(Status.NOT_FOUND);
        } catch (AccessDeniedException e) {
            return Response.status(Status.FORBIDDEN);
        }
        try {
            long size = channel.size();
            String rangeHeader = request.headers().firstOrNull("Range");
            if (rangeHeader != null && !Preconditions.ifRangeHolds(request.headers(), etag, lastModified)) rangeHeader = null;
            ByteRange.Outcome outcome = ByteRange.parse(rangeHeader, size);
            connectivity.http.Headers.Builder h =
                    fileHeaders(MediaTypes.forFileName(path.getFileName().toString()), lastModified, etag);
            return switch (outcome) {
                case ByteRange.Whole w -> new Response(Status.OK, h.build(), new Response.FileRegion(channel, 0, size));
                case ByteRange.Partial p -> {
                    ByteRange r = p.range();
                    h.add("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size);
                    yield new Response(Status.PARTIAL_CONTENT, h.build(), new Response.FileRegion(channel, r.first(), r.length()));
                }
                case ByteRange.Unsatisfiable u -> {
                    channel.close();
                    yield Response.status(Status.RANGE_NOT_SATISFIABLE).withHeader("Content-Range", "bytes */" + size);
                }
            };
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The cached small file if still current, else read afresh (null if it changed while being read). */
    private SmallFile smallFile(Path path, BasicFileAttributes attrs) throws IOException {
        SmallFile cached = smallFiles.get(path);
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
            return null; // the slow path gives the right status
        }
        String etag = Preconditions.etag(attrs);
        String lastModified = HttpDates.format(attrs.lastModifiedTime().toInstant());
        String contentType = MediaTypes.forFileName(path.getFileName().toString());
        SmallFile fresh = new SmallFile(attrs.fileKey(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), attrs.size(),
                content, etag, lastModified, attrs.lastModifiedTime().toInstant(), contentType,
                fileHeaders(contentType, lastModified, etag).build());
        if (cachedBytes.addAndGet(content.length) > CACHE_BYTES) {
            smallFiles.clear(); // crude but bounded: start over rather than track recency
            cachedBytes.set(content.length);
        }
        SmallFile previous = smallFiles.put(path, fresh);
        if (previous != null) cachedBytes.addAndGet(-previous.content().length);
        return fresh;
    }

    private Response serveSmall(Request request, SmallFile f) {
        if (Preconditions.notModified(request.headers(), f.etag(), f.modified())) {
            return new Response(Status.NOT_MODIFIED,
                    connectivity.http.Headers.of("ETag", f.etag(), "Last-Modified", f.lastModified()), new Response.Empty());
        }
        String rangeHeader = request.headers().firstOrNull("Range");
        if (rangeHeader != null && !Preconditions.ifRangeHolds(request.headers(), f.etag(), f.lastModified())) rangeHeader = null;
        long size = f.content().length;
        return switch (ByteRange.parse(rangeHeader, size)) {
            case ByteRange.Whole w -> new Response(Status.OK, f.okHeaders(), new Response.Bytes(f.content()));
            case ByteRange.Partial p -> {
                ByteRange r = p.range();
                connectivity.http.Headers.Builder h = f.okHeaders().toBuilder();
                h.add("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size);
                byte[] part = java.util.Arrays.copyOfRange(f.content(), (int) r.first(), (int) r.last() + 1);
                yield new Response(Status.PARTIAL_CONTENT, h.build(), new Response.Bytes(part));
            }
            case ByteRange.Unsatisfiable u ->
                    Response.status(Status.RANGE_NOT_SATISFIABLE).withHeader("Content-Range", "bytes */" + size);
        };
    }

    private static connectivity.http.Headers.Builder fileHeaders(String contentType, String lastModified, String etag) {
        return connectivity.http.Headers.builder()
                .add("Content-Type", contentType)
                .add("Last-Modified", lastModified)
                .add("ETag", etag)
                .add("Accept-Ranges", "bytes");
    }

    private Response put(Request request, Path target) throws IOException {
        if (target.equals(root) || request.rawPath().endsWith("/")) return Response.status(Status.CONFLICT);
        Path parent = target.getParent();
        if (!Files.isDirectory(parent)) return Response.status(Status.CONFLICT);
        // Checked once before the body is read, so a doomed upload is refused before it is sent...
        int refusal = putRefusal(request, existing(target));
        if (refusal != 0) return Response.status(refusal);
        Path temp = AtomicFiles.createTemp(uploads, TEMP_PREFIX, ".tmp", AtomicFiles.Access.SHARED);
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                copy(request.body(), out);
            }
            // ...and again under the path's lock up to the rename, where it must still hold.
            var lock = writeLocks.of(target);
            lock.lock();
            try {
                BasicFileAttributes existing = existing(target);
                refusal = putRefusal(request, existing);
                if (refusal != 0) return Response.status(refusal);
                AtomicFiles.replace(temp, target);
                BasicFileAttributes now = Files.readAttributes(target, BasicFileAttributes.class);
                Response r = existing == null
                        ? Response.status(Status.CREATED).withHeader("Location", request.rawPath())
                        : Response.empty(Status.NO_CONTENT);
                return r.withHeader("ETag", Preconditions.etag(now));
            } finally {
                lock.unlock();
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static BasicFileAttributes existing(Path target) throws IOException {
        try {
            return Files.readAttributes(target, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null; // creating
        }
    }

    /** 0 if a PUT may replace {@code existing} (null: nothing there), else 409 or 412. */
    private static int putRefusal(Request request, BasicFileAttributes existing) {
        if (existing != null && !existing.isRegularFile()) return Status.CONFLICT;
        return Preconditions.forPut(request.headers(), existing == null ? null : Preconditions.etag(existing));
    }

    private static void copy(InputStream in, FileChannel out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        while (true) {
            int n = in.readNBytes(buffer, 0, buffer.length);
            if (n <= 0) break;
            ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
            while (bb.hasRemaining()) out.write(bb);
            if (n < buffer.length) break;
        }
    }

    private Response delete(Path target) throws IOException {
        if (target.equals(root)) return Response.status(Status.FORBIDDEN);
        try {
            Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Files.delete(target);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Response.status(Status.NOT_FOUND);
        } catch (DirectoryNotEmptyException e) {
            return Response.status(Status.CONFLICT);
        } catch (AccessDeniedException e) {
            return Response.status(Status.FORBIDDEN);
        }
        return Response.empty(Status.NO_CONTENT);
    }
}
