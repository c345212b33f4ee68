package connectivity.cli.torrent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code conn torrent ...}: a plain container for the BitTorrent subcommands. */
@Command(
        name = "torrent",
        mixinStandardHelpOptions = true,
        description = "Make, inspect and share .torrent files (BitTorrent v1).",
        subcommands = {TorrentCreate.class, TorrentInfo.class, TorrentGet.class, TorrentSeed.class, TorrentMagnet.class, TorrentDaemon.class})
public final class TorrentCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
