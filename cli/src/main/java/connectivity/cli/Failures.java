package connectivity.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import connectivity.net.NetFailures;
import picocli.CommandLine;

/** Turns whatever a command throws, and whatever its arguments get wrong, into one line on stderr and an exit code. */
final class Failures implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable t = e;
        if (t instanceof UncheckedIOException u) t = u.getCause();
        int code = CliFailure.FAILED;
        String message;
        if (t instanceof CliFailure f) {
            code = f.exitCode();
            message = f.getMessage();
        } else if (t instanceof IOException io) {
            message = NetFailures.describe(io, Duration.ofSeconds(10));
        } else {
            message = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        cmd.getErr().println("conn: " + message);
        if (System.getenv("CONN_DEBUG") != null) t.printStackTrace(cmd.getErr());
        return code;
    }

    /** A value our converters refuse is named by their message and the option; anything else by picocli's words. */
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String message = e.getMessage();
        if (e.getCause() instanceof CommandLine.TypeConversionException c && e.getArgSpec() != null) {
            message = c.getMessage() + ", given to " + name(e.getArgSpec());
        }
        cmd.getErr().println("conn: " + message + " (see " + cmd.getCommandSpec().qualifiedName() + " --help)");
        return CliFailure.BAD_INPUT;
    }

    private static String name(CommandLine.Model.ArgSpec arg) {
        return arg instanceof CommandLine.Model.OptionSpec o ? o.longestName() : arg.paramLabel();
    }
}
