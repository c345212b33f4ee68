package connectivity.torrent.tracker;

import connectivity.torrent.meta.InfoHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An allow-list file: one info-hash in hex per line; blank lines and lines starting with '#' are skipped. */
public final class AllowList {
    private AllowList() {}

    public static Set<InfoHash> read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** Throws IllegalArgumentException naming the first bad line. */
    public static Set<InfoHash> parse(List<String> lines) {
        Set<InfoHash> hashes = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (!line.matches("[0-9a-fA-F]{40}")) throw new IllegalArgumentException("line " + (i + 1) + ": not a 40-digit hex info-hash");
            hashes.add(InfoHash.fromHex(line));
        }
        return hashes;
    }
}
