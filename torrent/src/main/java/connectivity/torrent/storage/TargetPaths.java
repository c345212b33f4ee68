package connectivity.torrent.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where a torrent's files go under a download folder, looked at without following links: a name in the torrent
 * may never reach outside the folder, neither by {@code ..} nor through a symbolic link at any level below it.
 * (The folder itself is the user's choice and may be reached through links.)
 */
final class TargetPaths {
    private TargetPaths() {}

    /** The path of a file of the torrent under {@code base}; refuses names that would leave it. */
    static Path resolve(Path base, List<String> parts) throws IOException {
        Path p = base;
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.contains("/") || part.contains("\\") || part.contains("\0")) {
                throw new IOException("unsafe file name in torrent: " + String.join("/", parts));
            }
            p = p.resolve(part);
        }
        if (!p.normalize().startsWith(base) || p.equals(base)) throw new IOException("unsafe path in torrent: " + p);
        return p;
    }

    /**
     * The size of the regular file at {@code file}, or empty when nothing is there (nor at some folder on the
     * way). Refuses a symbolic link at any level below {@code base}, a folder that is not one, and a file that is
     * not a regular file (a FIFO would block the open, a device is no place for a download).
     */
    static OptionalLong inspect(Path base, Path file) throws IOException {
        Path relative = base.relativize(file);
        Path at = base;
        int last = relative.getNameCount() - 1;
        for (int i = 0; i <= last; i++) {
            at = at.resolve(relative.getName(i));
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return OptionalLong.empty();
            }
            refuseLink(base, at, a);
            if (i < last && !a.isDirectory()) throw new UnsafeTargetException(at, at + " exists and is not a folder");
            if (i == last && !a.isRegularFile()) throw new UnsafeTargetException(at, at + " exists and is not a regular file");
            if (i == last) return OptionalLong.of(a.size());
        }
        throw new IOException("no file name in " + file);
    }

    /** Creates the folders between {@code base} and {@code file} one at a time, refusing any that is a link. */
    static void createParents(Path base, Path file) throws IOException {
        Files.createDirectories(base);
        Path relative = base.relativize(file);
        Path at = base;
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            at = at.resolve(relative.getName(i));
            try {
                Files.createDirectory(at); // mkdir: never follows a link that holds the name
            } catch (FileAlreadyExistsException e) {
                BasicFileAttributes a = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                refuseLink(base, at, a);
                if (!a.isDirectory()) throw new UnsafeTargetException(at, at + " exists and is not a folder");
            }
        }
    }

    private static void refuseLink(Path base, Path at, BasicFileAttributes a) throws UnsafeTargetException {
        if (a.isSymbolicLink()) {
            throw new UnsafeTargetException(at, at + " is a symbolic link (a download never follows one out of " + base + ")");
        }
    }
}
