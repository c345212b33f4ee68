package connectivity.cli.torrent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real programs for interop tests, with a deadline, and finds them on the PATH. */
final class Programs {
    private Programs() {}

    record Result(int exitCode, String output) {}

    /** Runs to completion (stderr merged into stdout); kills the process if it outlives the deadline. */
    static Result run(Path workDir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("program", ".log");
        Process p = new ProcessBuilder(List.of(command)).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
