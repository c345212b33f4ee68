package connectivity.torrent.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A download refused to touch a path: something already there is not this torrent's data, or a symbolic link
 * or a non-regular file sits where the torrent's file or one of its folders goes. Nothing was changed.
 */
public final class UnsafeTargetException extends IOException {
    private final transient Path path;

    public UnsafeTargetException(Path path, String message) {
        super(message);
        this.path = path;
    }

    /** The path that was refused. */
    public Path path() {
        return path;
    }
}
