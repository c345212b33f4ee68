package connectivity.net.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes that never leave a half-written file under the target's name: the bytes go to a temporary file in
 * the same directory (same file system, so the rename is atomic), are forced to disk, and the temporary
 * file is renamed over the target. A crash at any moment leaves either the old file or the new one.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Who may read what is written. */
    public enum Access {
        /** 0600 from the moment the file exists: keys, secrets, tokens. */
        PRIVATE("rw-------"),
        /** 0666 less the umask, like any file a program writes (createTempFile's default would be 0600). */
        SHARED("rw-rw-rw-");

        private final String mode;

        Access(String mode) {
            this.mode = mode;
        }

        FileAttribute<?>[] attributes(Path dir) {
            if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) return new FileAttribute<?>[0];
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))};
        }
    }

    /** What fills the temporary file. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Creates an empty temporary file in {@code dir} named {@code prefix + random + suffix}. The caller fills
     * it, then calls {@link #replace} (or deletes it on failure).
     */
    public static Path createTemp(Path dir, String prefix, String suffix, Access access) throws IOException {
        Files.createDirectories(dir);
        return Files.createTempFile(dir, prefix, suffix, access.attributes(dir));
    }

    /** Forces {@code temp} to disk and renames it over {@code target} (atomically where the file system can). */
    public static void replace(Path temp, Path target) throws IOException {
        force(temp);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes {@code bytes} as {@code target}, replacing what was there. */
    public static void write(Path target, byte[] bytes, Access access) throws IOException {
        write(target, access, out -> out.write(bytes));
    }

    /** Writes what {@code writer} produces as {@code target}, replacing what was there; nothing changes if it throws. */
    public static void write(Path target, Access access, Writer writer) throws IOException {
        Path temp = createTemp(parentOf(target), tempPrefix(target), ".part", access);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                writer.writeTo(out);
            }
            replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Creates {@code target} with {@code bytes} only if nothing has that name yet; returns false if something
     * did. Of two writers racing, exactly one wins (a hard link fails where the name exists).
     */
    public static boolean createIfAbsent(Path target, byte[] bytes, Access access) throws IOException {
        if (Files.exists(target)) return false;
        Path temp = createTemp(parentOf(target), tempPrefix(target), ".part", access);
        try {
            Files.write(temp, bytes);
            force(temp);
            try {
                Files.createLink(target, temp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException e) {
                // No hard links here (some file systems): the check and the rename are then not one step.
                if (Files.exists(target)) return false;
                replace(temp, target);
                return true;
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static Path parentOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) throw new IllegalArgumentException("no directory for " + target);
        return parent;
    }

    /** A hidden name beside the target that says whose it is, so a leftover is recognisable. */
    private static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }
}
