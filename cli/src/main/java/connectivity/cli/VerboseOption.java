package connectivity.cli;

import picocli.CommandLine.Option;

/** {@code -v/--verbose}: the servers' per-session log lines on stderr, besides the warnings. */
public final class VerboseOption {
    @Option(names = {"-v", "--verbose"},
            description = "Log each session as it starts and ends (logins, joins, refusals, bytes moved) to stderr (default: warnings only).")
    boolean verbose;

    /** Sets the level of {@code logger} before its first use (slf4j-simple reads its settings once). */
    public void apply(String logger, String level) {
        if (verbose) System.setProperty("org.slf4j.simpleLogger.log." + logger, level);
    }
}
