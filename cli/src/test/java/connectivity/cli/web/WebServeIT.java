package connectivity.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code conn web serve}: prints its URL, serves, and on SIGTERM lets a download in flight finish. */
@Timeout(90)
class WebServeIT {
    @TempDir
    Path dir;

    @Test
    void servesAndShutsDownGracefully() throws Exception {
        byte[] big = new byte[32 * 1024 * 1024];
        new Random(3).nextBytes(big);
        Files.write(dir.resolve("big.bin"), big);
        Files.writeString(dir.resolve("hi.txt"), "hi\n");
        Path log = dir.resolve("access.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process conn = new ProcessBuilder(List.of(java, "-jar", System.getProperty("conn.jar", "target/conn.jar"),
                "web", "serve", dir.toString(), "--port", "0", "--access-log", log.toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
            // A pipe read cannot be interrupted: if conn never prints, kill it so that readLine returns.
            CompletableFuture<Boolean> watchdog = conn.onExit().thenApply(p -> true)
                    .completeOnTimeout(false, 60, TimeUnit.SECONDS);
            watchdog.thenAccept(exited -> { if (!exited) conn.destroyForcibly(); });
            String first = out.readLine();
            assertThat(first).isNotNull();
            Matcher m = Pattern.compile("serving (.+) on http://127\\.0\\.0\\.1:(\\d+)/").matcher(first);
            assertThat(m.matches()).as(first).isTrue();
            assertThat(Path.of(m.group(1))).isEqualTo(dir.toRealPath());
            int port = Integer.parseInt(m.group(2));

            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(20_000);
                s.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                byte[] firstBytes = in.readNBytes(1024); // the download has begun...
                conn.destroy(); // ...when the server gets SIGTERM
                byte[] rest = in.readAllBytes();
                String all = new String(firstBytes, StandardCharsets.ISO_8859_1) + new String(rest, 0, Math.min(rest.length, 1), StandardCharsets.ISO_8859_1);
                assertThat(all).startsWith("HTTP/1.1 200 OK");
                int headEnd = indexOfBlankLine(firstBytes);
                assertThat(firstBytes.length - headEnd + rest.length).as("whole body delivered despite the shutdown").isEqualTo(big.length);
            }
            assertThat(conn.waitFor(30, TimeUnit.SECONDS)).as("conn exits after the grace period").isTrue();
            assertThat(Files.readString(log)).contains("\"GET /big.bin HTTP/1.1\" 200 " + big.length);
        } finally {
            conn.destroyForcibly();
            conn.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int indexOfBlankLine(byte[] b) {
        for (int i = 3; i < b.length; i++) {
            if (b[i - 3] == '\r' && b[i - 2] == '\n' && b[i - 1] == '\r' && b[i] == '\n') return i + 1;
        }
        throw new AssertionError("no end of head in the first bytes");
    }

}
