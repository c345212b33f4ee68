package connectivity.net.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The one way a test asks for a real peer (curl, chromium, aria2c, the NAT lab's tools...). Under {@code CI=true}
 * a missing peer fails the test, so a missing install step turns CI red; elsewhere the test is skipped with the
 * same message. Shared with the other modules through net's test-jar.
 */
public final class RealPeers {
    private RealPeers() {}

    /** The program's path on the PATH; fails (CI) or skips the test when it is not there. */
    public static Path require(String program) {
        return require(program, System.getenv());
    }

    /** The first of these programs on the PATH (e.g. "chromium", "chromium-browser"); fails or skips if none is. */
    public static Path requireAny(String... programs) {
        return requireAny(System.getenv(), programs);
    }

    /** For peers that are more than one program (the NAT lab: root, ip netns, iptables): fails or skips unless met. */
    public static void requireThat(boolean met, String missing) {
        requireThat(met, missing, System.getenv());
    }

    static Path require(String program, Map<String, String> env) {
        return requireAny(env, program);
    }

    static Path requireAny(Map<String, String> env, String... programs) {
        for (String program : programs) {
            Optional<Path> found = find(program, env);
            if (found.isPresent()) return found.get();
        }
        requireThat(false, String.join(" or ", programs) + " is not installed", env);
        throw new AssertionError("unreachable");
    }

    static void requireThat(boolean met, String missing, Map<String, String> env) {
        if (met) return;
        if (strict(env)) throw new AssertionFailedError(missing + " (CI=true: every real peer must be installed; see .ci/run)");
        throw new TestAbortedException(missing);
    }

    /** CI services (GitHub Actions, GitLab, ...) set CI=true; that is when skipping would hide a missing install. */
    static boolean strict(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("CI", "").strip());
    }

    /** Looks the program up on the environment's PATH. */
    public static Optional<Path> find(String program, Map<String, String> env) {
        for (String dir : env.getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** Whether the program is on this process's PATH, for tests that choose between peers rather than need one. */
    public static boolean installed(String program) {
        return find(program, System.getenv()).isPresent();
    }
}
