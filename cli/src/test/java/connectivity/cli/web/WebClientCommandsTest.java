package connectivity.cli.web;

import static connectivity.cli.web.ScriptedServer.write;
import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.client.FileDownload;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** conn web get/head/put/delete, run in-process against scripted servers. */
@Timeout(30)
class WebClientCommandsTest {
    @TempDir
    Path dir;

    private ScriptedServer server;

    @AfterEach
    void tearDown() {
        if (server != null) server.close();
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void getWritesTheBodyToStdout() throws Exception {
        byte[] binary = new byte[70_000];
        new Random(1).nextBytes(binary);
        server = new ScriptedServer((r, out, c) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(binary.length) + "\r\n");
            out.write(binary);
            write(out, "\r\n0\r\n\r\n");
        });
        CliRun run = CliRun.of("web", "get", server.url("/bin"));
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdoutBytes()).isEqualTo(binary);
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void getWithOutputWritesTheFileAndNoProgressWhenNotATerminal() throws Exception {
        String body = "x".repeat(2 * 1024 * 1024);
        server = new ScriptedServer((r, out, c) -> write(out, ok(body)));
        Path file = dir.resolve("out.txt");
        CliRun run = CliRun.of("web", "get", server.url("/f"), "-o", file.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(Files.readString(file)).isEqualTo(body);
        assertThat(FileDownload.partFile(file)).doesNotExist();
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).as("no progress bar off a terminal").isEmpty();
    }

    @Test
    void getResumesAnInterruptedDownload() throws Exception {
        byte[] data = new byte[1_200_000];
        new Random(2).nextBytes(data);
        int cut = 500_000;
        server = new ScriptedServer((r, out, c) -> {
            String range = r.header("Range");
            if (range == null) {
                write(out, "HTTP/1.1 200 OK\r\nETag: \"e1\"\r\nContent-Length: " + data.length + "\r\n\r\n");
                out.write(data, 0, cut); // and then the connection ends
            } else {
                long from = Long.parseLong(range.substring(6, range.length() - 1));
                write(out, "HTTP/1.1 206 Partial Content\r\nETag: \"e1\"\r\nContent-Range: bytes " + from + "-"
                        + (data.length - 1) + "/" + data.length + "\r\nContent-Length: " + (data.length - from) + "\r\n\r\n");
                out.write(data, (int) from, (int) (data.length - from));
            }
        });
        Path file = dir.resolve("data.bin");
        CliRun first = CliRun.of("web", "get", server.url("/d"), "-o", file.toString());
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.stderr()).startsWith("conn: bad response from server: ").contains("500000 of 1200000");
        assertThat(file).doesNotExist();

        CliRun second = CliRun.of("web", "get", server.url("/d"), "-o", file.toString());
        assertThat(second.exitCode()).isZero();
        assertThat(second.stderr()).contains("resumed").contains("500000");
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(server.requests.get(1).header("Range")).isEqualTo("bytes=500000-");
        assertThat(server.requests.get(1).header("If-Range")).isEqualTo("\"e1\"");
    }

    @Test
    void non2xxPrintsTheStatusLineOnStderrAndExits1() throws Exception {
        server = new ScriptedServer((r, out, c) -> write(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\ngone"));
        Path file = dir.resolve("nothing");
        CliRun get = CliRun.of("web", "get", server.url("/missing"));
        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.stderr()).isEqualTo("conn: HTTP/1.1 404 Not Found" + System.lineSeparator());
        assertThat(get.stdout()).isEmpty();
        CliRun toFile = CliRun.of("web", "get", server.url("/missing"), "-o", file.toString());
        assertThat(toFile.exitCode()).isEqualTo(1);
        assertThat(file).doesNotExist();
        CliRun delete = CliRun.of("web", "delete", server.url("/missing"));
        assertThat(delete.exitCode()).isEqualTo(1);
        assertThat(delete.stderr()).contains("HTTP/1.1 404 Not Found");
    }

    @Test
    void refusedConnectionReadsAsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CliRun run = CliRun.of("web", "get", "http://127.0.0.1:" + port + "/");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("conn: connection refused" + System.lineSeparator());
    }

    @Test
    void slowServerTimesOutWithTheGivenTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server = new ScriptedServer((r, out, c) -> release.await(20, TimeUnit.SECONDS));
        try {
            CliRun run = CliRun.of("web", "head", "--timeout", "1", server.url("/slow"));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).isEqualTo("conn: timed out after 1 s" + System.lineSeparator());
        } finally {
            release.countDown();
        }
    }

    @Test
    void garbageIsABadResponse() throws Exception {
        server = new ScriptedServer((r, out, c) -> write(out, "hello there\r\n\r\n"));
        CliRun run = CliRun.of("web", "get", server.url("/"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("conn: bad response from server: ");
    }

    @Test
    void otherSchemesAndBadUrlsAreBadInput() {
        CliRun ftp = CliRun.of("web", "get", "ftp://127.0.0.1/");
        assertThat(ftp.exitCode()).isEqualTo(2);
        assertThat(ftp.stderr()).isEqualTo("conn: unsupported URL scheme 'ftp': only http:// and https:// are supported"
                + System.lineSeparator());
        CliRun noScheme = CliRun.of("web", "head", "127.0.0.1/x");
        assertThat(noScheme.exitCode()).isEqualTo(2);
        assertThat(noScheme.stderr()).contains("not an absolute URL");
    }

    @Test
    void headPrintsStatusLineAndHeaders() throws Exception {
        server = new ScriptedServer((r, out, c) -> write(out,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1234\r\nETag: \"abc\"\r\n\r\n"));
        CliRun run = CliRun.of("web", "head", server.url("/page"));
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout().lines()).containsExactly(
                "HTTP/1.1 200 OK", "Content-Type: text/html", "Content-Length: 1234", "ETag: \"abc\"");
        assertThat(server.requests.get(0).requestLine()).isEqualTo("HEAD /page HTTP/1.1");
    }

    @Test
    void putUploadsTheFileAndPrintsTheStatus() throws Exception {
        server = new ScriptedServer((r, out, c) -> write(out, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));
        Path file = dir.resolve("up.txt");
        Files.writeString(file, "uploaded content");
        CliRun run = CliRun.of("web", "put", server.url("/store/up.txt"), file.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("HTTP/1.1 201 Created" + System.lineSeparator());
        ScriptedServer.Request seen = server.requests.get(0);
        assertThat(seen.requestLine()).isEqualTo("PUT /store/up.txt HTTP/1.1");
        assertThat(seen.header("Content-Length")).isEqualTo("16");
        assertThat(new String(seen.body(), StandardCharsets.UTF_8)).isEqualTo("uploaded content");
    }

    @Test
    void putOfAMissingFileIsBadInput() throws Exception {
        CliRun run = CliRun.of("web", "put", "http://127.0.0.1:1/x", dir.resolve("absent").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("conn: no such file: ");
    }

    @Test
    void deletePrintsTheStatus() throws Exception {
        server = new ScriptedServer((r, out, c) -> write(out, "HTTP/1.1 204 No Content\r\n\r\n"));
        CliRun run = CliRun.of("web", "delete", server.url("/thing"));
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("HTTP/1.1 204 No Content" + System.lineSeparator());
        assertThat(server.requests.get(0).requestLine()).isEqualTo("DELETE /thing HTTP/1.1");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"get", "head", "put", "delete"}) {
            CliRun run = CliRun.of("web", command, "--help");
            assertThat(run.exitCode()).isZero();
            assertThat(run.stdout()).contains("Usage: conn web " + command).contains("--timeout");
        }
    }
}
