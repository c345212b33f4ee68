package connectivity.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
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
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("help", CommandLine.HelpCommand::new);
        m.put("web", connectivity.cli.web.WebCommand::new);
        m.put("torrent", connectivity.cli.torrent.TorrentCommand::new);
        m.put("tracker", connectivity.cli.tracker.TrackerCommand::new);
        m.put("dht", connectivity.cli.dht.DhtCommand::new);
        m.put("demo", connectivity.cli.demo.DemoCommand::new);
        m.put("call", connectivity.cli.call.CallCommand::new);
        m.put("rendezvous", connectivity.cli.call.RendezvousCommand::new);
        m.put("relay", connectivity.cli.call.RelayCommand::new);
        return m;
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
        return commandLine(SUBCOMMANDS.containsKey(first) && !first.equals("help") ? List.of(first) : SUBCOMMANDS.keySet()).execute(args);
    }

    /** The command tree, ready to execute: one-line failures, and the version on every subcommand. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS.keySet());
    }

    private static CommandLine commandLine(Collection<String> names) {
        CommandLine cli = new CommandLine(new Conn());
        for (String name : names) cli.addSubcommand(name, SUBCOMMANDS.get(name).get());
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
