package connectivity.cli.torrent;

import connectivity.cli.CliFailure;
import connectivity.net.support.ByteSizes;
import connectivity.torrent.meta.FileEntry;
import connectivity.torrent.meta.Info;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.MetainfoException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conn torrent info FILE}: what a .torrent describes. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Show what a .torrent file describes: name, size, files, pieces, info-hash, trackers.")
public final class TorrentInfo implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .torrent file to read.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        Metainfo m = load(file);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? toJson(m) : toText(m));
        out.flush();
        return 0;
    }

    /** Reads a torrent for a command, turning every problem into one line with the right exit code. */
    public static Metainfo load(Path file) {
        try {
            return Metainfo.read(file);
        } catch (MetainfoException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, file + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, file + ": permission denied");
        } catch (IOException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, file + ": cannot read: " + (e.getMessage() == null ? e : e.getMessage()));
        }
    }

    static String toText(Metainfo m) {
        Info info = m.info();
        StringBuilder sb = new StringBuilder();
        line(sb, "Name", info.name());
        line(sb, "Info-hash", m.infoHash().hex());
        line(sb, "Total size", ByteSizes.human(info.totalLength()) + " (" + info.totalLength() + " bytes)");
        line(sb, "Piece length", ByteSizes.human(info.pieceLength()));
        line(sb, "Pieces", Integer.toString(info.pieceCount()));
        line(sb, "Private", info.isPrivate() ? "yes" : "no");
        m.creationDate().ifPresent(d -> line(sb, "Created on", Instant.ofEpochSecond(d).toString()));
        m.createdBy().ifPresent(c -> line(sb, "Created by", oneLine(c)));
        m.comment().ifPresent(c -> line(sb, "Comment", oneLine(c)));
        if (m.trackerTiers().isEmpty()) {
            line(sb, "Trackers", "none");
        } else {
            sb.append("Trackers:\n");
            for (int t = 0; t < m.trackerTiers().size(); t++) {
                sb.append("  tier ").append(t + 1).append(": ").append(oneLine(String.join(" ", m.trackerTiers().get(t)))).append('\n');
            }
        }
        sb.append("Files (").append(info.files().size()).append("):\n");
        for (FileEntry f : info.files()) {
            String path = info.multiFile() ? info.name() + "/" + f.displayPath() : f.displayPath();
            sb.append("  ").append(oneLine(path)).append("  (").append(ByteSizes.human(f.length())).append(")\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format("%-13s %s%n", label + ":", value));
    }

    /** Control characters in names and comments are shown escaped so they cannot steer the terminal. */
    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) sb.append(String.format("\\u%04x", c));
            else sb.appendCodePoint(c);
        });
        return sb.toString();
    }

    static String toJson(Metainfo m) {
        Info info = m.info();
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"name\":").append(str(info.name()));
        sb.append(",\"infoHash\":").append(str(m.infoHash().hex()));
        sb.append(",\"totalLength\":").append(info.totalLength());
        sb.append(",\"pieceLength\":").append(info.pieceLength());
        sb.append(",\"pieceCount\":").append(info.pieceCount());
        sb.append(",\"private\":").append(info.isPrivate());
        sb.append(",\"multiFile\":").append(info.multiFile());
        m.creationDate().ifPresent(d -> sb.append(",\"creationDate\":").append(d));
        m.createdBy().ifPresent(c -> sb.append(",\"createdBy\":").append(str(c)));
        m.comment().ifPresent(c -> sb.append(",\"comment\":").append(str(c)));
        sb.append(",\"trackerTiers\":[")
                .append(m.trackerTiers().stream()
                        .map(t -> t.stream().map(TorrentInfo::str).collect(Collectors.joining(",", "[", "]")))
                        .collect(Collectors.joining(",")))
                .append(']');
        sb.append(",\"files\":[");
        List<FileEntry> files = info.files();
        for (int i = 0; i < files.size(); i++) {
            FileEntry f = files.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"path\":")
                    .append(f.path().stream().map(TorrentInfo::str).collect(Collectors.joining(",", "[", "]")))
                    .append(",\"length\":").append(f.length())
                    .append(",\"offset\":").append(f.offset()).append('}');
        }
        sb.append("]}\n");
        return sb.toString();
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
