package connectivity.http.documents;

import connectivity.http.Status;
import connectivity.http.server.QuickHandler;
import connectivity.http.server.Request;
import connectivity.http.server.Response;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Serves the files under a root directory (mapped by {@link DocumentRoot}): GET and HEAD (with Range, ETag, Last-Modified and
 * conditional requests), PUT (atomic, see {@link Uploads}), DELETE and OPTIONS. No request path can reach
 * outside the root: encoded slashes, backslashes and NUL are refused, dot segments are resolved
 * before the path is mapped, and the mapped path must still start with the root.
 */
public final class DocumentHandler implements QuickHandler {
    private static final String ALLOW_WRITE = "GET, HEAD, PUT, DELETE, OPTIONS";
    private static final String ALLOW_READ = "GET, HEAD, OPTIONS";
    /** Uploads in progress are named with this prefix... */
    public static final String TEMP_PREFIX = ".conn-upload-";
    /**
     * ...in this directory under the root, which no request can name (404) and which is emptied at
     * start, so an upload cut off by a crash is never served and does not stay.
     */
    public static final String UPLOADS_DIR = ".conn-uploads";
    /** Files up to this size are kept in memory between requests. */
    private static final int SMALL_FILE = 64 * 1024;
    private static final long CACHE_BYTES = 32L * 1024 * 1024;

    private final Path root;
    private final DocumentRoot documents;
    private final Uploads uploads;
    private final boolean readOnly;
    private final String allow;
    private final SmallFileCache smallFiles = new SmallFileCache(SMALL_FILE, CACHE_BYTES);

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
        Path uploadsDir = real.resolve(UPLOADS_DIR);
        this.documents = new DocumentRoot(real, uploadsDir, followSymlinks);
        this.uploads = new Uploads(real, uploadsDir);
        this.readOnly = readOnly;
        if (!readOnly) uploads.removeLeftovers();
        this.allow = readOnly ? ALLOW_READ : ALLOW_WRITE;
    }

    /** The served directory, as a real absolute path. */
    public Path root() {
        return root;
    }

    @Override
    public Response handle(Request request) throws IOException {
        DocumentRoot.Mapped mapped;
        try {
            mapped = documents.resolve(request.rawPath(), request.path());
        } catch (DocumentRoot.Refusal r) {
            return Response.status(r.status);
        }
        Path path = mapped.path();
        return switch (request.method()) {
            case "GET", "HEAD" -> get(request, path, mapped.attributes());
            case "PUT" -> readOnly ? notAllowed() : uploads.put(request, path);
            case "DELETE" -> readOnly ? notAllowed() : delete(path);
            case "OPTIONS" -> Response.empty(Status.NO_CONTENT).withHeader("Allow", allow);
            default -> notAllowed();
        };
    }

    private Response notAllowed() {
        return Response.status(Status.METHOD_NOT_ALLOWED).withHeader("Allow", allow);
    }

    private Response get(Request request, Path path, BasicFileAttributes known) throws IOException {
        BasicFileAttributes attrs = known;
        try {
            if (attrs == null) attrs = Files.readAttributes(path, BasicFileAttributes.class);
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
            return DirectoryListing.of(request.path(), path, path.equals(root), uploads::isUploadEntry);
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
        Representation file = smallFiles.get(path, attrs);
        return ConditionalGet.answer(request.headers(), file != null ? file : DiskFile.of(path, attrs));
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
