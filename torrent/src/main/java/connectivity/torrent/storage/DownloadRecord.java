package connectivity.torrent.storage;

import connectivity.net.support.AtomicFiles;
import connectivity.net.support.AtomicFiles.Access;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A note in the download folder that says the files of one torrent there were made by a download (or adopted by
 * it after they verified), so a later run may resize and overwrite them without checking them first. Without it
 * an existing file is somebody else's until a piece of it verifies. It is written before any file is created,
 * so a crash at any moment leaves no file of ours unrecorded, and it is named by a digest of the torrent's
 * layout, so two torrents in one folder never share one.
 */
public final class DownloadRecord {
    static final String PREFIX = ".conn-torrent-";

    private DownloadRecord() {}

    /** The record's path for {@code layout} under the download folder {@code dir}. */
    public static Path path(Path dir, TorrentLayout layout) {
        return dir.toAbsolutePath().normalize().resolve(PREFIX + fingerprint(layout));
    }

    /** True when a regular file (not a link) records this torrent's files under {@code dir} as the download's. */
    static boolean exists(Path dir, TorrentLayout layout) {
        return Files.isRegularFile(path(dir, layout), LinkOption.NOFOLLOW_LINKS);
    }

    static void write(Path dir, TorrentLayout layout) throws IOException {
        if (exists(dir, layout)) return;
        String text = "conn torrent get made or verified the files of this torrent here: "
                + String.join("/", layout.files().get(0).path().subList(0, 1)) + "\n"
                + "Remove this file and the next run checks them again before it changes any of them.\n";
        AtomicFiles.write(path(dir, layout), text.getBytes(StandardCharsets.UTF_8), Access.SHARED);
    }

    /** Forgets the record, once the download is complete and what is there verifies on its own. */
    public static void remove(Path dir, TorrentLayout layout) throws IOException {
        Files.deleteIfExists(path(dir, layout));
    }

    /** A digest of what makes the torrent's files theirs: piece length, names, lengths and piece hashes. */
    static String fingerprint(TorrentLayout layout) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(layout.pieceLength()).putLong(layout.totalLength()).flip());
        for (TorrentLayout.FileSpan f : layout.files()) {
            sha1.update(String.join("\0", f.path()).getBytes(StandardCharsets.UTF_8));
            sha1.update(ByteBuffer.allocate(9).put((byte) '\n').putLong(f.length()).flip());
        }
        for (int i = 0; i < layout.pieceCount(); i++) sha1.update(layout.pieceHash(i));
        return HexFormat.of().formatHex(sha1.digest());
    }
}
