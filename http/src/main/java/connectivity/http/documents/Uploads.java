package connectivity.http.documents;

import connectivity.http.Status;
import connectivity.http.server.Request;
import connectivity.http.server.Response;
import connectivity.net.support.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Atomic PUT: the body goes to a temporary file in the uploads directory (on the root's file system)
 * and is renamed over the target only once complete, under the target's lock, with the preconditions
 * checked before the body is read and again just before the rename. A reader sees the old file or the
 * new one, never half of either.
 */
final class Uploads {
    private static final int COPY_BUFFER = 256 * 1024;

    private final Path root;
    private final Path dir;
    private final PathLocks writeLocks = new PathLocks(64);

    Uploads(Path root, Path dir) {
        this.root = root;
        this.dir = dir;
    }

    /** Deletes uploads cut off by a crash or a kill, so none stays. */
    void removeLeftovers() throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, DocumentHandler.TEMP_PREFIX + "*")) {
            for (Path leftover : leftovers) Files.deleteIfExists(leftover);
        }
    }

    /** Whether a directory entry is an upload's (hidden from listings). */
    boolean isUploadEntry(Path entry) {
        return entry.getFileName().toString().startsWith(DocumentHandler.TEMP_PREFIX) || entry.equals(dir);
    }

    Response put(Request request, Path target) throws IOException {
        if (target.equals(root) || request.rawPath().endsWith("/")) return Response.status(Status.CONFLICT);
        Path parent = target.getParent();
        if (!Files.isDirectory(parent)) return Response.status(Status.CONFLICT);
        // Checked once before the body is read, so a doomed upload is refused before it is sent...
        int refusal = refusal(request, existing(target));
        if (refusal != 0) return Response.status(refusal);
        Path temp = AtomicFiles.createTemp(dir, DocumentHandler.TEMP_PREFIX, ".tmp", AtomicFiles.Access.SHARED);
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                copy(request.body(), out);
            }
            // ...and again under the path's lock up to the rename, where it must still hold.
            var lock = writeLocks.of(target);
            lock.lock();
            try {
                BasicFileAttributes existing = existing(target);
                refusal = refusal(request, existing);
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
    private static int refusal(Request request, BasicFileAttributes existing) {
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
}
