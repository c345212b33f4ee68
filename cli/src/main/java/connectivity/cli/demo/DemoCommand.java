package connectivity.cli.demo;

import connectivity.cli.CliFailure;
import connectivity.cli.CommandOutput;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code conn demo}: runs each application of the byte stream against itself on 127.0.0.1 and
 * narrates the exchanges. Each part is its own class; this command only runs them in turn.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole show on 127.0.0.1: the Web, BitTorrent and calling, each against our own peers.",
            "",
            "Parts:",
            "  web      a document server and our client: GET, conditional GET (304), Range,",
            "           PUT, DELETE, a bad request (400)",
            "  torrent  a tracker, a seeder and two leechers trading SHA-1-checked pieces",
            "  call     a rendezvous, a relay, and one call over each path:",
            "           direct, reverse, relay"
        })
public final class DemoCommand implements Runnable {
    /** Small enough to print every piece, large enough that the leechers trade among themselves. */
    private static final int SWARM_BYTES = 2 * 1024 * 1024;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--only", paramLabel = "PART", split = ",",
            description = "Run only these parts (web, torrent, call); default: all.")
    java.util.List<String> only = java.util.List.of("web", "torrent", "call");

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintStream stream = CommandOutput.over(out);
        for (String part : only) {
            switch (part) {
                case "web" -> step("web", () -> {
                    new WebDemo(out).run();
                    return true;
                });
                case "torrent" -> step("torrent", () -> {
                    stream.println("== BitTorrent: a tracker, one seeder, two leechers, and a third by magnet link, on 127.0.0.1");
                    return TorrentDemo.run(stream, SWARM_BYTES);
                });
                case "call" -> step("call", () -> {
                    stream.println("== Calling: one call over each path");
                    return CallDemo.run(stream);
                });
                default -> throw new CliFailure(CliFailure.BAD_INPUT, "unknown demo part: " + part + " (web, torrent, call)");
            }
            stream.flush();
            out.println();
            out.flush();
        }
    }

    private interface Part {
        boolean run() throws Exception;
    }

    private static void step(String name, Part part) {
        boolean ok;
        try {
            ok = part.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.FAILED, "interrupted");
        } catch (Exception e) {
            throw new CliFailure(CliFailure.FAILED, name + " demo failed: " + e.getMessage(), e);
        }
        if (!ok) throw new CliFailure(CliFailure.FAILED, name + " demo did not deliver everything intact");
    }
}
