package connectivity.torrent.meta;

import java.nio.file.Path;
import java.util.List;

/**
 * One file of a torrent.
 *
 * @param path the path components, relative to the torrent's directory (for a single-file torrent: just the name)
 * @param length the length in bytes
 * @param offset where the file starts in the torrent's concatenated byte stream
 */
public record FileEntry(List<String> path, long length, long offset) {
    public FileEntry {
        path = List.copyOf(path);
        if (path.isEmpty()) throw new IllegalArgumentException("a file path has at least one component");
        if (length < 0 || offset < 0) throw new IllegalArgumentException("negative length or offset");
    }

    /** The path joined with '/', for display. */
    public String displayPath() {
        return String.join("/", path);
    }

    /** The file's location under {@code root}; components were validated, so it cannot escape {@code root}. */
    public Path resolveUnder(Path root) {
        Path p = root;
        for (String component : path) p = p.resolve(component);
        return p;
    }

    /** Offset one past the file's last byte in the torrent's byte stream. */
    public long end() {
        return offset + length;
    }
}
