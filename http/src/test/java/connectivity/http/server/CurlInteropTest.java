package connectivity.http.server;

import connectivity.http.documents.DocumentHandler;
import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real curl against our server. */
@Timeout(60)
class CurlInteropTest {
    @TempDir
    Path root;
    @TempDir
    Path scratch;
    HttpServer server;
    String base;
    final List<String> accessLog = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void needCurl() {
        RealPeers.require("curl");
    }

    @BeforeEach
    void start() throws IOException {
        Files.writeString(root.resolve("hello.txt"), "hello, world\n");
        Files.writeString(root.resolve("b.txt"), "bee");
        server = HttpServer.builder().port(0).accessLog(accessLog::add)
                .route("/", new DocumentHandler(root, false)).build().start();
        base = "http://127.0.0.1:" + server.port() + "/";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Processes.Result curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--noproxy", "*"));
        command.addAll(List.of(args));
        return Processes.run(Duration.ofSeconds(30), command);
    }

    @Test
    void getAndHead() throws Exception {
        Processes.Result get = curl(base + "hello.txt");
        assertThat(get.exit()).as(get.stderr()).isZero();
        assertThat(get.stdout()).isEqualTo("hello, world\n");

        Processes.Result head = curl("-I", base + "hello.txt");
        assertThat(head.stdout()).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("content-length: 13");
        assertThat(head.exit()).isZero();
    }

    @Test
    void putReplaceAndDelete() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024]; // big enough that curl sends Expect: 100-continue
        new Random(1).nextBytes(data);
        Path upload = Files.write(scratch.resolve("upload.bin"), data);

        Processes.Result created = curl("-v", "-T", upload.toString(), "-w", "%{http_code}", base + "up.bin");
        assertThat(created.stdout()).endsWith("201");
        assertThat(created.stderr()).contains("Expect: 100-continue").contains("HTTP/1.1 100 Continue");
        assertThat(Files.readAllBytes(root.resolve("up.bin"))).isEqualTo(data);

        Processes.Result chunked = curl("-X", "PUT", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + upload,
                "-w", "%{http_code}", base + "up.bin");
        assertThat(chunked.stdout()).endsWith("204");
        assertThat(Files.readAllBytes(root.resolve("up.bin"))).isEqualTo(data);

        Processes.Result deleted = curl("-X", "DELETE", "-w", "%{http_code}", base + "up.bin");
        assertThat(deleted.stdout()).isEqualTo("204");
        assertThat(root.resolve("up.bin")).doesNotExist();
        assertThat(curl("-w", "%{http_code}", "-o", "/dev/null", base + "up.bin").stdout()).isEqualTo("404");
    }

    @Test
    void rangeAndConditional() throws Exception {
        Processes.Result range = curl("-r", "7-11", "-w", " %{http_code}", base + "hello.txt");
        assertThat(range.stdout()).isEqualTo("world 206");

        // Two ranges: multipart/byteranges, the parts as curl prints them (it does not split them).
        Processes.Result parts = curl("-r", "0-1,5-9", "-D", scratch.resolve("parts.head").toString(), base + "hello.txt");
        assertThat(parts.exit()).as(parts.stderr()).isZero();
        String partsHead = Files.readString(scratch.resolve("parts.head"));
        assertThat(partsHead).startsWith("HTTP/1.1 206").contains("Content-Type: multipart/byteranges; boundary=");
        assertThat(parts.stdout()).contains("Content-Range: bytes 0-1/13\r\n\r\nhe\r\n--")
                .contains("Content-Range: bytes 5-9/13\r\n\r\n, wor\r\n--").endsWith("--\r\n");

        Processes.Result headers = curl("-D", "-", "-o", "/dev/null", base + "hello.txt");
        String etag = headers.stdout().lines().filter(l -> l.toLowerCase().startsWith("etag:"))
                .findFirst().orElseThrow().substring(5).strip();
        Processes.Result notModified = curl("-H", "If-None-Match: " + etag, "-w", "%{http_code}", "-o", "/dev/null", base + "hello.txt");
        assertThat(notModified.stdout()).isEqualTo("304");

        // curl -z FILE sends If-Modified-Since with the file's time: a newer local copy means 304.
        Path local = Files.writeString(scratch.resolve("copy.txt"), "x");
        Processes.Result byDate = curl("-z", local.toString(), "-w", "%{http_code}", "-o", "/dev/null", base + "hello.txt");
        assertThat(byDate.stdout()).isEqualTo("304");
    }

    @Test
    void keepAliveAcrossRequests() throws Exception {
        Processes.Result r = curl("-v", base + "hello.txt", "--next", base + "b.txt", "--next", "-I", base + "hello.txt",
                "--next", base + "hello.txt");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("hello, world\n").contains("bee");
        assertThat(r.stderr()).contains("Re-using existing connection").contains("left intact");
        assertThat(r.stderr()).doesNotContain("Closing connection 1");
        assertThat(server.acceptedConnections()).isEqualTo(1);
        assertThat(accessLog).hasSize(4);
    }
}
