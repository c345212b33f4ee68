package connectivity.torrent.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** A data file's size and modification time (milliseconds), as saved beside the verified pieces. */
public record FileStamp(long size, long modifiedMillis) {
    /** The file as it is now; empty when it is missing or not a regular file. */
    public static Optional<FileStamp> of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) return Optional.empty();
            return Optional.of(new FileStamp(a.size(), a.lastModifiedTime().toMillis()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
