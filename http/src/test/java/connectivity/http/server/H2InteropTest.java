package connectivity.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.documents.DocumentHandler;
import connectivity.net.testing.RealPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** curl and nghttp against our server over cleartext HTTP/2 with prior knowledge (h2c), on 127.0.0.1. */
@Timeout(90)
class H2InteropTest {
    @TempDir
    Path root;
    @TempDir
    Path scratch;
    HttpServer server;
    String base;
    byte[] big;
    final List<String> accessLog = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        big = new byte[5 * 1024 * 1024 + 123]; // well past the 64 KiB default windows
        new Random(3).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("hello.txt"), "hello, world\n");
        for (int i = 0; i < 5; i++) Files.writeString(root.resolve("f" + i + ".txt"), ("file " + i + "\n").repeat(1000 * (i + 1)));
        server = HttpServer.builder().port(0).accessLog(accessLog::add).route("/", new DocumentHandler(root, false)).build().start();
        base = "http://127.0.0.1:" + server.port() + "/";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Processes.Result curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--http2-prior-knowledge", "--max-time", "30", "--noproxy", "*"));
        command.addAll(List.of(args));
        return Processes.run(Duration.ofSeconds(40), command);
    }

    @Test
    void curlGetsAFileIdenticalOverHttp2() throws Exception {
        RealPeers.require("curl");
        Path out = scratch.resolve("big.out");
        Processes.Result get = curl("-o", out.toString(), "-w", "%{http_version} %{http_code}", base + "big.bin");
        assertThat(get.exit()).as(get.stderr()).isZero();
        assertThat(get.stdout()).isEqualTo("2 200");
        assertThat(Arrays.equals(Files.readAllBytes(out), big)).isTrue();
        assertThat(accessLog).anyMatch(l -> l.contains("\"GET /big.bin HTTP/2.0\" 200"));
    }

    @Test
    void curlHeadAndRange() throws Exception {
        RealPeers.require("curl");
        Processes.Result head = curl("-I", base + "hello.txt");
        assertThat(head.exit()).as(head.stderr()).isZero();
        assertThat(head.stdout()).startsWith("HTTP/2 200").contains("content-length: 13");

        Path out = scratch.resolve("range.out");
        Processes.Result range = curl("-r", "1000-1999", "-o", out.toString(), "-w", "%{http_code}", base + "big.bin");
        assertThat(range.stdout()).isEqualTo("206");
        assertThat(Files.readAllBytes(out)).isEqualTo(Arrays.copyOfRange(big, 1000, 2000));
    }

    @Test
    void curlPutsAndDeletes() throws Exception {
        RealPeers.require("curl");
        Path upload = Files.write(scratch.resolve("up.bin"), Arrays.copyOf(big, 300_000)); // several stream windows
        Processes.Result put = curl("-v", "-T", upload.toString(), "-w", "%{http_code}", base + "up.bin");
        assertThat(put.exit()).as(put.stderr()).isZero();
        assertThat(put.stdout()).endsWith("201");
        assertThat(Files.readAllBytes(root.resolve("up.bin"))).isEqualTo(Files.readAllBytes(upload));
        Processes.Result delete = curl("-X", "DELETE", "-w", "%{http_code}", base + "up.bin");
        assertThat(delete.stdout()).endsWith("204");
        assertThat(root.resolve("up.bin")).doesNotExist();
    }

    @Test
    void nghttpFetchesSeveralFilesOverOneConnection() throws Exception {
        RealPeers.require("nghttp");
        List<String> command = new ArrayList<>(List.of("nghttp", "-nv", "-t", "30"));
        for (int i = 0; i < 5; i++) command.add(base + "f" + i + ".txt");
        command.add(base + "big.bin");
        Processes.Result r = Processes.run(Duration.ofSeconds(40), command);
        assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("recv SETTINGS frame").contains("send HEADERS frame <length=")
                .doesNotContain("recv RST_STREAM").doesNotContain("recv GOAWAY");
        assertThat(server.acceptedConnections()).isEqualTo(1);
        assertThat(accessLog).hasSize(6).allMatch(l -> l.contains(" 200 "));
    }
}
