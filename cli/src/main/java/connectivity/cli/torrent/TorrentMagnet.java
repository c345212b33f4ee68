package connectivity.cli.torrent;

import connectivity.torrent.magnet.MagnetLink;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conn torrent magnet FILE.torrent}: the magnet link that stands for a torrent. */
@Command(
        name = "magnet",
        mixinStandardHelpOptions = true,
        description = "Print the magnet link for a .torrent file: its info-hash (hex), name (dn) and every tracker (tr).")
public final class TorrentMagnet implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.torrent", description = "The .torrent file.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println(MagnetLink.of(TorrentInfo.load(file)).toUri());
        out.flush();
        return 0;
    }
}
