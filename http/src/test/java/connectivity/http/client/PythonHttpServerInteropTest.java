package connectivity.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our client against a server we did not write: Python's http.server. */
@Timeout(30)
class PythonHttpServerInteropTest {
    private static final Pattern SERVING = Pattern.compile("Serving HTTP on \\S+ port (\\d+)");

    @TempDir
    static Path root;

    private static Process python;
    private static int port;
    private static byte[] data;
    private static final HttpClient client = HttpClient.builder().readTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void startPython() throws Exception {
        RealPeers.require("python3");
        data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        Files.write(root.resolve("data.bin"), data);
        Files.writeString(root.resolve("hello.txt"), "hello from python\n");
        // Port 0 lets the kernel pick; python tells us which on its first line (-u: unbuffered).
        python = new ProcessBuilder("python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", root.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(15, TimeUnit.SECONDS);
        Matcher m = SERVING.matcher(first == null ? "" : first);
        assertThat(m.find()).as("python said: %s", first).isTrue();
        port = Integer.parseInt(m.group(1));
        // Keep draining its log so that it never blocks on a full pipe.
        Thread.ofVirtual().start(() -> {
            try {
                while (out.readLine() != null) { /* discard */ }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
    }

    @AfterAll
    static void stopPython() throws Exception {
        client.close();
        if (python != null) {
            python.destroy();
            if (!python.waitFor(5, TimeUnit.SECONDS)) python.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Test
    void getsAFileByteForByte() throws Exception {
        HttpResponse r = client.send(HttpRequest.get(uri("/data.bin")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstOrNull("Content-Length")).isEqualTo(Integer.toString(data.length));
        assertThat(r.body()).isEqualTo(data);
    }

    @Test
    void streamsAFileIntoADownload() throws Exception {
        Path target = root.resolve("copy.bin");
        FileDownload.Result result = new FileDownload(client).download(uri("/data.bin"), target, FileDownload.Progress.NONE);
        assertThat(result.status()).isEqualTo(200);
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
    }

    @Test
    void headHasLengthButNoBody() throws Exception {
        HttpResponse r = client.send(HttpRequest.head(uri("/hello.txt")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstOrNull("Content-Length")).isEqualTo("18");
        assertThat(r.body()).isEmpty();
        assertThat(client.send(HttpRequest.get(uri("/hello.txt"))).bodyText()).isEqualTo("hello from python\n");
    }

    @Test
    void directoryWithoutSlashIsRedirectedAndListed() throws Exception {
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/inner.txt"), "x");
        HttpResponse r = client.send(HttpRequest.get(uri("/sub")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.uri()).isEqualTo(uri("/sub/"));
        assertThat(r.bodyText()).contains("inner.txt");
    }

    @Test
    void missingFileIs404() throws Exception {
        HttpResponse r = client.send(HttpRequest.get(uri("/nope")));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.statusLine()).isEqualTo("HTTP/1.0 404 File not found");
    }
}
