package connectivity.cli.web;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code conn web}: the Web over a byte stream. A container for its subcommands. */
@Command(
        name = "web",
        mixinStandardHelpOptions = true,
        description = "The Web: serve files over HTTP/1.1.",
        subcommands = {WebServe.class})
public final class WebCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
