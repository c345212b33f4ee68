package connectivity.cli.torrent;

import connectivity.cli.CliFailure;
import connectivity.cli.web.Terminal;
import connectivity.net.support.ByteSizes;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conn torrent create PATH}: hashes a file or directory into a .torrent. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Make a .torrent for a file or a directory (pieces hashed on all cores).")
public final class TorrentCreate implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "The file or directory to share.")
    Path source;

    @Option(names = {"-t", "--tracker"}, paramLabel = "URL",
            description = "Tracker announce URL; repeat for more tiers, or separate URLs of one tier with commas.")
    List<String> trackers = new ArrayList<>();

    @Option(names = {"-l", "--piece-length"}, paramLabel = "N",
            description = "Piece length in bytes (K, M suffixes allowed): a power of two, at least 16K. Default: chosen for 1,000 to 2,000 pieces.")
    String pieceLength;

    @Option(names = {"-c", "--comment"}, paramLabel = "TEXT", description = "A comment stored in the torrent.")
    String comment;

    @Option(names = {"-p", "--private"}, description = "Set the private flag (BEP 27): peers only from the tracker.")
    boolean isPrivate;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the torrent. Default: NAME.torrent in the current directory.")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Replace the output file if it exists.")
    boolean force;

    @Option(names = "--no-date", description = "Leave out the creation date, so the same input gives the same file.")
    boolean noDate;

    @Override
    public Integer call() {
        TorrentCreator creator = TorrentCreator.of(source).createdBy("conn");
        for (String t : trackers) creator.trackerTier(Arrays.asList(t.split(",")));
        if (pieceLength != null) {
            try {
                creator.pieceLength(ByteSizes.parse(pieceLength));
            } catch (IllegalArgumentException e) {
                throw new CliFailure(CliFailure.BAD_INPUT, "--piece-length: " + e.getMessage());
            } catch (ArithmeticException e) {
                throw new CliFailure(CliFailure.BAD_INPUT, "--piece-length: '" + pieceLength + "' is far too large");
            }
        }
        if (comment != null) creator.comment(comment);
        if (noDate) creator.clock(null);
        creator.privateFlag(isPrivate);
        boolean terminal = Terminal.interactive();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err);
        if (terminal) creator.progress(bar::show);

        Path out = output != null ? output : Path.of(source.toAbsolutePath().normalize().getFileName() + ".torrent");
        Metainfo m;
        try {
            m = creator.writeTo(out, force);
        } catch (NoSuchFileException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, e.getFile() + ": " + (e.getReason() == null ? "no such file or directory" : e.getReason()));
        } catch (FileAlreadyExistsException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, e.getFile() + ": " + (e.getReason() == null ? "already exists" : e.getReason()));
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            if (terminal) bar.finish();
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf("%s: %s, %d piece(s) of %s, info-hash %s%n", out, ByteSizes.human(m.info().totalLength()),
                m.info().pieceCount(), ByteSizes.human(m.info().pieceLength()), m.infoHash().hex());
        o.flush();
        return 0;
    }

    /** A one-line bar redrawn in place with a carriage return; terminals only. */
    static final class ProgressBar {
        private final PrintWriter err;
        private int lastPercent = -1;

        ProgressBar(PrintWriter err) {
            this.err = err;
        }

        void show(long done, long total) {
            int percent = total == 0 ? 100 : (int) (done * 100 / total);
            if (percent == lastPercent) return;
            lastPercent = percent;
            int width = 30;
            int filled = percent * width / 100;
            err.print("\rhashing [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + percent + "% of " + ByteSizes.human(total) + " ");
            err.flush();
        }

        void finish() {
            if (lastPercent >= 0) {
                err.print("\r" + " ".repeat(70) + "\r");
                err.flush();
            }
        }
    }
}
