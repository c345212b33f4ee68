package connectivity.torrent.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A small file next to the download naming the pieces verified so far. It is only a hint (for the
 * resume message and to order the work); on start every piece is hashed again, because the truth is on disk.
 * Written atomically: temp file, then rename.
 */
public final class ResumeHint {
    private final Path file;

    public ResumeHint(Path file) {
        this.file = file;
    }

    public static ResumeHint forTorrent(Path dir, byte[] infoHash) {
        return new ResumeHint(dir.resolve(".conn-" + HexFormat.of().formatHex(infoHash) + ".resume"));
    }

    public Path file() {
        return file;
    }

    public void save(BitSet verified, int pieceCount) throws IOException {
        String text = "pieces " + pieceCount + "\nverified " + HexFormat.of().formatHex(verified.toByteArray()) + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The pieces the hint names, or empty when there is no usable hint (missing, garbled, other torrent size). */
    public Optional<BitSet> load(int pieceCount) {
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            String[] lines = Files.readString(file, StandardCharsets.US_ASCII).split("\n");
            if (lines.length < 2 || !lines[0].equals("pieces " + pieceCount) || !lines[1].startsWith("verified ")) {
                return Optional.empty();
            }
            BitSet bits = BitSet.valueOf(HexFormat.of().parseHex(lines[1].substring("verified ".length()).trim()));
            return bits.length() > pieceCount ? Optional.empty() : Optional.of(bits);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale hint is harmless: it is only a hint
        }
    }
}
