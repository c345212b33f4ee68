package connectivity.cli;

/** A failure to report to the user as one line, with the exit code it deserves. */
public final class CliFailure extends RuntimeException {
    /** Bad input from the user: a malformed file, a wrong argument. */
    public static final int BAD_INPUT = 2;
    /** The operation was attempted and failed: network, remote side, disk. */
    public static final int FAILED = 1;

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
