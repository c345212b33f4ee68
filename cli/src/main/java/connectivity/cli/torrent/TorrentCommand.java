package connectivity.cli.torrent;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code conn torrent ...}: a plain container for the BitTorrent subcommands. */
@Command(
        name = "torrent",
        mixinStandardHelpOptions = true,
        description = "Make, inspect and share .torrent files (BitTorrent v1).")
public final class TorrentCommand implements Runnable {
    /**
     * The subcommands, in the order usage lists them. Added by hand, as {@code Conn} adds its own: picocli builds each
     * one's model by reflection (the daemon's is the largest), and {@code conn torrent get} needs only its own.
     */
    private static final List<String> SUBCOMMANDS = List.of("create", "info", "get", "seed", "magnet", "daemon");

    @Spec
    CommandSpec spec;

    private static Object subcommand(String name) {
        return switch (name) {
            case "create" -> new TorrentCreate();
            case "info" -> new TorrentInfo();
            case "get" -> new TorrentGet();
            case "seed" -> new TorrentSeed();
            case "magnet" -> new TorrentMagnet();
            case "daemon" -> new TorrentDaemon();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The command with only the subcommand {@code name}, or with all of them if {@code name} is none (help, a typo). */
    public static CommandLine tree(String name) {
        CommandLine torrent = new CommandLine(new TorrentCommand());
        for (String n : SUBCOMMANDS.contains(name) ? List.of(name) : SUBCOMMANDS) torrent.addSubcommand(n, subcommand(n));
        return torrent;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
