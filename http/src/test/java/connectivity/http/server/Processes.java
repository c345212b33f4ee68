package connectivity.http.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real program with a bounded wait, and kills it and its children whatever happens. */
final class Processes {
    record Result(int exit, String stdout, String stderr) {}

    private Processes() {}

    static Result run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("proc-out", ".txt");
        Path err = Files.createTempFile("proc-err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(command.get(0) + " did not finish within " + timeout + "; stderr: "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            kill(p);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * The parent first, then the children it had: nginx's master, seeing a worker killed, starts another,
     * which outlived the test when the children went first.
     */
    static void kill(Process p) throws InterruptedException {
        java.util.List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
