package connectivity.torrent.meta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed, validated .torrent file (BEP 3, with announce-list from BEP 12 and private from BEP 27).
 *
 * @param infoHash SHA-1 of the {@code info} dictionary's exact bytes
 * @param info what is shared
 * @param trackerTiers the announce-list tiers, or {@code [[announce]]} when there is no announce-list
 *     (empty for a trackerless torrent)
 * @param announce the {@code announce} URL, if any
 */
public record Metainfo(
        InfoHash infoHash,
        Info info,
        List<List<String>> trackerTiers,
        Optional<String> announce,
        OptionalLong creationDate,
        Optional<String> comment,
        Optional<String> createdBy) {

    /** Larger files are refused before reading; real metainfo is far smaller. */
    public static final long MAX_FILE_SIZE = 64L * 1024 * 1024;

    public Metainfo {
        Objects.requireNonNull(infoHash);
        Objects.requireNonNull(info);
        trackerTiers = trackerTiers.stream().map(List::copyOf).toList();
        Objects.requireNonNull(announce);
        Objects.requireNonNull(creationDate);
        Objects.requireNonNull(comment);
        Objects.requireNonNull(createdBy);
    }

    /** Parses and validates the bytes of a .torrent file. */
    public static Metainfo parse(byte[] torrentFile) throws MetainfoException {
        return MetainfoParser.parse(torrentFile);
    }

    /** Reads and parses a .torrent file; I/O problems are IOExceptions, content problems MetainfoExceptions. */
    public static Metainfo read(Path file) throws IOException, MetainfoException {
        long size = Files.size(file);
        if (size > MAX_FILE_SIZE) throw new MetainfoException("file is " + size + " bytes, too large for a .torrent file (limit " + MAX_FILE_SIZE + ")");
        // Read with a bound whatever the size said: a device or pipe (/dev/zero) reports 0 and never ends.
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_FILE_SIZE + 1);
        }
        if (bytes.length > MAX_FILE_SIZE) throw new MetainfoException("more than " + MAX_FILE_SIZE + " bytes, too large for a .torrent file");
        return parse(bytes);
    }

    /** All tracker URLs, tier by tier, without duplicates. */
    public List<String> trackers() {
        return trackerTiers.stream().flatMap(List::stream).distinct().toList();
    }
}
