package connectivity.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code conn} program: one subcommand per application of the byte stream. */
@Command(
        name = "conn",
        mixinStandardHelpOptions = true,
        versionProvider = Conn.Version.class,
        description = "Connectivity: the Web, BitTorrent and calling over reliable byte streams.",
        subcommands = {
            CommandLine.HelpCommand.class,
            connectivity.cli.web.WebCommand.class,
            connectivity.cli.torrent.TorrentCommand.class,
            connectivity.cli.tracker.TrackerCommand.class,
            connectivity.cli.dht.DhtCommand.class,
            connectivity.cli.demo.DemoCommand.class,
            connectivity.cli.call.CallCommand.class,
            connectivity.cli.call.RendezvousCommand.class,
            connectivity.cli.call.RelayCommand.class,
        })
public final class Conn implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the program and returns its exit code; errors are one line on stderr, never a stack trace. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command tree, ready to execute: one-line failures, and the version on every subcommand. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Conn());
        Failures failures = new Failures();
        cli.setExecutionExceptionHandler(failures);
        cli.setParameterExceptionHandler(failures);
        shareVersion(cli);
        return cli;
    }

    /** Gives every subcommand without a version of its own the program's, so {@code conn web get -V} says it too. */
    private static void shareVersion(CommandLine command) {
        for (CommandLine sub : command.getSubcommands().values()) {
            CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
            if (spec.versionProvider() == null && spec.version().length == 0) spec.versionProvider(new Version());
            shareVersion(sub);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Conn.class.getResourceAsStream("/conn-version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {"conn " + p.getProperty("version", "unknown") + " (Java " + Runtime.version() + ")"};
        }
    }
}
