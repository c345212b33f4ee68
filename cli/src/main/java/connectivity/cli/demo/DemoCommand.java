package connectivity.cli.demo;

import connectivity.cli.CliFailure;
import java.io.IOException;
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
        description = "Run the whole show on 127.0.0.1: a web server and the requests it answers (more parts to come).")
public final class DemoCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            new WebDemo(out).run();
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "web demo failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.FAILED, "interrupted");
        }
        out.flush();
    }
}
