package connectivity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code conn web serve} argument errors and {@code conn demo}, run in-process. */
@Timeout(180)
class WebCommandTest {
    record Run(int exit, String out, String err) {}

    static Run conn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Conn.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void missingDirectoryIsBadInput(@TempDir Path dir) {
        Run r = conn("web", "serve", dir.resolve("nope").toString(), "--port", "0");
        assertThat(r.exit()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("conn: not a directory: " + dir.resolve("nope"));
    }

    @Test
    void badByteCountIsBadInput(@TempDir Path dir) {
        Run r = conn("web", "serve", dir.toString(), "--max-body", "lots");
        assertThat(r.exit()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(r.err()).contains("conn: not a byte count: lots");
    }

    @Test
    void unusableAccessLogIsOneClearLine(@TempDir Path dir) {
        Path log = dir.resolve("missing").resolve("access.log");
        Run r = conn("web", "serve", dir.toString(), "--port", "0", "--access-log", log.toString());
        assertThat(r.exit()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("conn: cannot open access log " + log + ": no such directory");
        Run onDirectory = conn("web", "serve", dir.toString(), "--port", "0", "--access-log", dir.toString());
        assertThat(onDirectory.exit()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(onDirectory.err().strip()).isEqualTo("conn: cannot open access log " + dir + ": is a directory");
    }

    @Test
    void portInUseIsOneClearLine(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Run r = conn("web", "serve", dir.toString(), "--port", String.valueOf(taken.getLocalPort()));
            assertThat(r.exit()).isEqualTo(CliFailure.FAILED);
            assertThat(r.err().strip()).startsWith("conn: cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("\n");
        }
    }

    @Test
    void helpDescribesEveryOption() {
        Run r = conn("web", "serve", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--port", "--bind", "--read-only", "--access-log", "--max-body", "DIR");
        assertThat(conn("web", "--help").out()).contains("serve");
    }

    @Test
    void everyCommandPrintsTheVersion() {
        String version = conn("--version").out().strip();
        assertThat(version).matches("conn \\S+ \\(Java .+\\)");
        List<List<String>> paths = new ArrayList<>();
        collect(Conn.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).contains(List.of("web", "get"), List.of("web", "serve"), List.of("demo"));
        for (List<String> path : paths) {
            if (path.getLast().equals("help")) continue; // picocli's help command has no -V
            List<String> args = new ArrayList<>(path);
            args.add("-V");
            Run r = conn(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", args)).isZero();
            assertThat(r.out().strip()).as(String.join(" ", args)).isEqualTo(version);
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        for (var e : command.getSubcommands().entrySet()) {
            List<String> sub = new ArrayList<>(path);
            sub.add(e.getKey());
            into.add(sub);
            collect(e.getValue(), sub, into);
        }
    }

    @Test
    void demoWalksThroughTheWebExchanges() {
        Run r = conn("demo");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("GET / +-> 200 OK")
                .containsPattern("If-None-Match.*-> 304 Not Modified")
                .containsPattern("Range: bytes=0-15 +-> 206")
                .containsPattern("PUT /notes.txt.*-> 201 Created")
                .containsPattern("DELETE /notes.txt +-> 204")
                .containsPattern("GET /notes.txt +-> 404")
                .containsPattern("passwd +-> 403")
                .containsPattern("malformed.*-> 400 Bad Request");
        assertThat(r.out())
                .as("the swarm part: pieces flow and both leechers end with exact copies")
                .containsPattern("(alice|bob) +got piece +\\d+ from")
                .contains("alice is complete", "bob is complete", "both leechers have a byte-identical copy");
        assertThat(r.out())
                .as("the calling part: one call over each path")
                .containsPattern("alice -> bob: direct in \\d+ ms, chat ok, 1 MiB file intact")
                .containsPattern("carol -> dave \\(unreachable\\): reverse in \\d+ ms, chat ok, 1 MiB file intact")
                .containsPattern("relay in \\d+ ms, chat ok, 1 MiB file intact");
    }

    @Test
    void demoRunsOnlyThePartsAskedFor() {
        Run r = conn("demo", "--only", "web");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("== Web").doesNotContain("BitTorrent", "Calling");
        Run bad = conn("demo", "--only", "gopher");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("conn: unknown demo part: gopher (web, torrent, call)");
    }
}
