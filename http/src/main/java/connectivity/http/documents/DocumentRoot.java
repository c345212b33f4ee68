package connectivity.http.documents;

import connectivity.http.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps request paths onto files inside the served directory, or refuses. No request path can reach
 * outside the root: encoded slashes, backslashes and NUL are refused, dot segments are resolved before
 * the path is mapped, the mapped path must still start with the root, the uploads directory is never
 * named, and unless links are allowed no component may be a symbolic link.
 */
final class DocumentRoot {
    private final Path root;
    private final Path uploads;
    private final boolean followSymlinks;
    /** Request paths (without dot or empty segments) already mapped, each to its {@link #chainOf} chain. */
    private final ConcurrentHashMap<String, Path[]> chains = new ConcurrentHashMap<>();
    // At most 1024 paths of up to 200 characters (a chain holds a prefix per component): a few MB at worst.
    private static final int MAPPINGS_KEPT = 1024;
    private static final int MAPPED_PATH_CHARS = 200;

    DocumentRoot(Path realRoot, Path uploads, boolean followSymlinks) {
        this.root = realRoot;
        this.uploads = uploads;
        this.followSymlinks = followSymlinks;
    }

    /** Why a path cannot be mapped into the root. */
    static final class Refusal extends Exception {
        final int status;

        Refusal(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    /**
     * A request path mapped under the root. {@code attributes} are the file's own (not followed), read
     * while checking for links, or null when not read or the file is missing; when present they serve
     * as the file's attributes, since no component is a link, which saves a second stat per request.
     */
    record Mapped(Path path, BasicFileAttributes attributes) {}

    /** Maps the request path onto a file under the root, or refuses. */
    Mapped resolve(String raw, String decoded) throws Refusal {
        if (!raw.startsWith("/")) throw new Refusal(Status.BAD_REQUEST);
        if (containsEncoded(raw, "2f") || containsEncoded(raw, "5c") || containsEncoded(raw, "00")) {
            throw new Refusal(Status.BAD_REQUEST); // an encoded separator or NUL has no honest use in a file path
        }
        if (decoded.indexOf('\0') >= 0 || decoded.indexOf('\\') >= 0) throw new Refusal(Status.BAD_REQUEST);
        if (decoded.indexOf("/.") < 0 && decoded.indexOf("//") < 0) {
            // No dot segments and no empty ones: the common case maps directly, under the same final check,
            // and the mapping (a pure function of the path) is remembered; only the stats are per request.
            Path[] chain = chains.get(decoded);
            if (chain == null) {
                Path p = root.resolve(decoded.substring(1)).normalize();
                if (!p.startsWith(root)) throw new Refusal(Status.FORBIDDEN);
                if (p.startsWith(uploads)) throw new Refusal(Status.NOT_FOUND);
                chain = chainOf(p);
                if (decoded.length() <= MAPPED_PATH_CHARS) {
                    if (chains.size() >= MAPPINGS_KEPT) chains.clear(); // crude but bounded
                    chains.put(decoded, chain);
                }
            }
            if (chain.length == 0) return new Mapped(root, null);
            Path p = chain[chain.length - 1];
            return new Mapped(p, followSymlinks ? null : attributesIfNoLink(chain));
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) continue;
            if (segment.equals("..")) {
                if (segments.isEmpty()) throw new Refusal(Status.FORBIDDEN);
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        Path p = root;
        for (String segment : segments) p = p.resolve(segment);
        p = p.normalize();
        if (!p.startsWith(root)) throw new Refusal(Status.FORBIDDEN);
        return checked(p);
    }

    /**
     * Whether any existing component of {@code path} below the root is a symbolic link. A link swapped
     * in between this check and the open is not caught (nginx's openat with O_NOFOLLOW would be).
     */
    private Mapped checked(Path p) throws Refusal {
        if (p.startsWith(uploads)) throw new Refusal(Status.NOT_FOUND);
        if (followSymlinks) return new Mapped(p, null);
        return new Mapped(p, attributesIfNoLink(p));
    }

    /** Whether this path is itself a link that must not be followed. */
    boolean refusesLink(Path p) {
        return !followSymlinks && Files.isSymbolicLink(p);
    }

    /** The paths from the root's child down to {@code p} (under the root), one per component; none for the root. */
    private Path[] chainOf(Path p) {
        if (p.equals(root)) return new Path[0];
        Path[] chain = new Path[p.getNameCount() - root.getNameCount()];
        Path q = root;
        int i = 0;
        for (Path name : root.relativize(p)) chain[i++] = q = q.resolve(name);
        return chain;
    }

    /** The last component's attributes (null if a component is missing, or for the root); refused through a link. */
    private BasicFileAttributes attributesIfNoLink(Path path) throws Refusal {
        return attributesIfNoLink(chainOf(path));
    }

    private static BasicFileAttributes attributesIfNoLink(Path[] chain) throws Refusal {
        BasicFileAttributes attrs = null;
        for (Path p : chain) {
            try {
                attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException | NotDirectoryException e) {
                return null; // nothing below a missing component can be a link
            } catch (IOException e) {
                throw new Refusal(Status.FORBIDDEN); // cannot tell: refuse rather than risk leaving the root
            }
            if (attrs.isSymbolicLink()) throw new Refusal(Status.FORBIDDEN);
        }
        return attrs;
    }

    private static boolean containsEncoded(String raw, String hex) {
        int i = raw.indexOf('%');
        while (i >= 0 && i + 2 < raw.length()) {
            if (raw.regionMatches(true, i + 1, hex, 0, 2)) return true;
            i = raw.indexOf('%', i + 1);
        }
        return false;
    }

}
