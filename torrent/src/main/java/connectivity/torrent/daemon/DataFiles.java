package connectivity.torrent.daemon;

import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.storage.DownloadRecord;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.storage.PieceStore;
import connectivity.torrent.storage.TorrentLayout;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A torrent's own files on disk: deleted or moved one by one, never anything else in the folder. */
final class DataFiles {
    private DataFiles() {}

    static void delete(Path dir, Metainfo m) throws IOException {
        InfoLayout layout = InfoLayout.of(m.info());
        for (TorrentLayout.FileSpan f : layout.files()) {
            Path p = PieceStore.resolve(dir, f);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) Files.delete(p);
            removeEmptyParents(dir, p);
        }
        DownloadRecord.remove(dir, layout);
    }

    static void move(Path from, Path to, Metainfo m) throws IOException {
        InfoLayout layout = InfoLayout.of(m.info());
        if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) return;
        for (TorrentLayout.FileSpan f : layout.files()) {
            Path src = PieceStore.resolve(from, f), dst = PieceStore.resolve(to, f);
            if (!Files.isRegularFile(src, LinkOption.NOFOLLOW_LINKS)) continue;
            Files.createDirectories(dst.getParent());
            Files.move(src, dst, StandardCopyOption.REPLACE_EXISTING);
            removeEmptyParents(from, src);
        }
        DownloadRecord.remove(from, layout);
    }

    private static void removeEmptyParents(Path root, Path file) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        for (Path d = file.toAbsolutePath().normalize().getParent(); d != null && d.startsWith(base) && !d.equals(base); d = d.getParent()) {
            try {
                Files.deleteIfExists(d);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
        }
    }
}
