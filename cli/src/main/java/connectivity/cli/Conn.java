package connectivity.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code conn} program: one subcommand per application of the byte stream. */
@Command(
        name = "conn",
        mixinStandardHelpOptions = true,
        versionProvider = Conn.Version.class,
        description = "Connectivity: the Web, BitTorrent and calling over reliable byte streams.")
public final class Conn implements Runnable {
    /**
     * The subcommands, in the order usage lists them. Added by hand rather than named in {@code @Command}: picocli
     * builds each one's model by reflection, about 0.1 s for the whole tree at start-up, and a run needs only its own.
     * (Names and a switch rather than a map of constructor references: the JDK 25 AOT cache's assembly crashes on
     * lambdas held in a static field, see the conn launcher.)
     */
    private static final List<String> SUBCOMMANDS = List.of("help", "web", "torrent", "tracker", "dht", "demo", "call", "rendezvous", "relay");

    /** {@code next}: the argument after the subcommand's name, for a subcommand that builds only the one it names. */
    private static Object subcommand(String name, String next) {
        return switch (name) {
            case "help" -> new CommandLine.HelpCommand();
            case "web" -> new connectivity.cli.web.WebCommand();
            case "torrent" -> connectivity.cli.torrent.TorrentCommand.tree(next);
            case "tracker" -> new connectivity.cli.tracker.TrackerCommand();
            case "dht" -> new connectivity.cli.dht.DhtCommand();
            case "demo" -> new connectivity.cli.demo.DemoCommand();
            case "call" -> new connectivity.cli.call.CallCommand();
            case "rendezvous" -> new connectivity.cli.call.RendezvousCommand();
            case "relay" -> new connectivity.cli.call.RelayCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the program and returns its exit code; errors are one line on stderr, never a stack trace. */
    public static int run(String... args) {
        // A run that names its subcommand first gets a tree of that one only (help, and anything else, gets them all).
        String first = args.length > 0 ? args[0] : "";
        if (!SUBCOMMANDS.contains(first) || first.equals("help")) return commandLine(SUBCOMMANDS, "").execute(args);
        return commandLine(List.of(first), args.length > 1 ? args[1] : "").execute(args);
    }

    /** The command tree, ready to execute: one-line failures, and the version on every subcommand. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS, "");
    }

    private static CommandLine commandLine(Collection<String> names, String next) {
        CommandLine cli = new CommandLine(new Conn());
        for (String name : names) cli.addSubcommand(name, subcommand(name, next));
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
