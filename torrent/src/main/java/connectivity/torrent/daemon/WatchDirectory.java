package connectivity.torrent.daemon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder whose {@code *.torrent} files are added, as transmission-daemon's watch-dir does: each one added (or a
 * duplicate) is renamed {@code NAME.torrent.added}; one that is not a torrent is renamed {@code NAME.torrent.invalid}.
 * Scanned every heartbeat, at most {@link #MAX_PER_SCAN} files a scan, each read with the .torrent size bound.
 */
final class WatchDirectory {
    private static final Logger log = LoggerFactory.getLogger(WatchDirectory.class);
    static final int MAX_PER_SCAN = 64;

    private final Path dir;
    private final Daemon daemon;

    WatchDirectory(Path dir, Daemon daemon) throws IOException {
        this.dir = dir;
        this.daemon = daemon;
        Files.createDirectories(dir);
    }

    void scan() {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.torrent")) {
            for (Path p : files) {
                if (n++ >= MAX_PER_SCAN) break;
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
                take(p);
            }
        } catch (IOException e) {
            log.debug("watch folder {}: {}", dir, e.getMessage());
        }
    }

    private void take(Path p) throws IOException {
        String suffix = ".added";
        try {
            byte[] bytes;
            try (var in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes((int) connectivity.torrent.meta.Metainfo.MAX_FILE_SIZE + 1);
            }
            daemon.add(bytes, Optional.empty(), Optional.empty());
        } catch (connectivity.torrent.meta.MetainfoException e) {
            log.warn("watch folder: {} is not a usable torrent: {}", p.getFileName(), e.getMessage());
            suffix = ".invalid";
        }
        Files.move(p, p.resolveSibling(p.getFileName() + suffix), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
