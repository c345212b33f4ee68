package connectivity.torrent.magnet;

import connectivity.net.support.AtomicFiles;
import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.BValue;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.MetainfoException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The .torrent a magnet download writes beside its data once it has the metadata, so that a rerun finds it and
 * needs no peer to start: the info dictionary exactly as fetched, and the link's trackers (each its own tier).
 */
public final class MetadataFiles {
    /** A rerun looks at no more .torrent files than this in the folder. */
    static final int MAX_SCANNED = 256;

    private MetadataFiles() {}

    /** A .torrent file around {@code info}: {@code announce} is the first tracker, {@code announce-list} all of them. */
    public static byte[] torrentBytes(byte[] info, List<String> trackers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('d');
        if (!trackers.isEmpty()) {
            out.writeBytes(Bencode.encode(BBytes.of("announce")));
            out.writeBytes(Bencode.encode(BBytes.of(trackers.get(0))));
            out.writeBytes(Bencode.encode(BBytes.of("announce-list")));
            List<BValue> tiers = trackers.stream().<BValue>map(t -> BList.of(BBytes.of(t))).toList();
            out.writeBytes(Bencode.encode(new BList(tiers)));
        }
        out.writeBytes(Bencode.encode(BBytes.of("info")));
        out.writeBytes(info); // exactly as fetched: its SHA-1 is the info-hash
        out.write('e');
        return out.toByteArray();
    }

    /** A .torrent in {@code dir} for {@code infoHash}, if an earlier run left one. */
    public static Optional<Metainfo> findExisting(Path dir, InfoHash infoHash) throws IOException {
        if (!Files.isDirectory(dir)) return Optional.empty();
        int seen = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.torrent")) {
            for (Path f : files) {
                if (++seen > MAX_SCANNED) break;
                if (!Files.isRegularFile(f) || Files.size(f) > Metainfo.MAX_FILE_SIZE) continue;
                try {
                    Metainfo m = Metainfo.read(f);
                    if (m.infoHash().equals(infoHash)) return Optional.of(m);
                } catch (MetainfoException | IOException e) {
                    // not a torrent of ours; leave it alone
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Writes {@code bytes} as {@code <name>.torrent} in {@code dir}, atomically; if something else already has that
     * name, as {@code <name>-<first 8 hex digits of the info-hash>.torrent}. Empty if both names are taken.
     */
    public static Optional<Path> save(Path dir, Metainfo m, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        for (String name : List.of(m.info().name() + ".torrent", m.info().name() + "-" + m.infoHash().hex().substring(0, 8) + ".torrent")) {
            Path target = dir.resolve(name);
            if (AtomicFiles.createIfAbsent(target, bytes, AtomicFiles.Access.SHARED)) return Optional.of(target);
        }
        return Optional.empty();
    }
}
