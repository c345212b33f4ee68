package connectivity.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class FileDownloadTest {
    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.builder().readTimeout(Duration.ofSeconds(5)).build();
    private final FileDownload download = new FileDownload(client);
    private FakeServer server;

    /** What the fake range server holds now, and after how many bytes its first answer breaks off. */
    private final AtomicReference<byte[]> content = new AtomicReference<>();
    private final AtomicReference<String> etag = new AtomicReference<>("\"v1\"");
    private volatile long cutFirstAfter = -1;
    private volatile boolean honourRanges = true;

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        if (server != null) server.close();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A one-request-per-connection server that does Range, If-Range and ETag like a real one. */
    private FakeServer rangeServer() throws IOException {
        return new FakeServer((srv, socket, index) -> {
            FakeServer.Request r = srv.readRequest(socket.getInputStream());
            if (r == null) return;
            byte[] body = content.get();
            String range = r.header("Range");
            String ifRange = r.header("If-Range");
            boolean partial = honourRanges && range != null && (ifRange == null || ifRange.equals(etag.get()));
            OutputStream out = socket.getOutputStream();
            if (partial) {
                long from = Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
                if (from >= body.length) {
                    FakeServer.send(out, "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" + body.length
                            + "\r\nContent-Length: 0\r\n\r\n");
                    return;
                }
                FakeServer.send(out, "HTTP/1.1 206 Partial Content\r\nETag: " + etag.get() + "\r\nContent-Range: bytes "
                        + from + "-" + (body.length - 1) + "/" + body.length + "\r\nContent-Length: " + (body.length - from) + "\r\n\r\n");
                out.write(body, (int) from, (int) (body.length - from));
            } else {
                FakeServer.send(out, "HTTP/1.1 200 OK\r\nETag: " + etag.get() + "\r\nAccept-Ranges: bytes\r\nContent-Length: "
                        + body.length + "\r\n\r\n");
                long cut = index == 0 ? cutFirstAfter : -1;
                out.write(body, 0, cut >= 0 ? (int) cut : body.length);
            }
            out.flush();
            socket.shutdownOutput(); // a clean FIN, so everything written reaches the client
        });
    }

    @Test
    void downloadsIntoTheFileThroughAPartFile() throws Exception {
        content.set(random(700_000, 1));
        server = rangeServer();
        Path target = dir.resolve("out.bin");
        List<Long> seen = new ArrayList<>();
        FileDownload.Result result = download.download(server.uri("/f"), target, new FileDownload.Progress() {
            @Override
            public void started(long alreadyHave, long total) {
                seen.add(alreadyHave);
                seen.add(total);
            }

            @Override
            public void advanced(long have) {}

            @Override
            public void finished() {}
        });
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.bytes()).isEqualTo(700_000);
        assertThat(Files.readAllBytes(target)).isEqualTo(content.get());
        assertThat(FileDownload.partFile(target)).doesNotExist();
        assertThat(FileDownload.metaFile(target)).doesNotExist();
        assertThat(seen).containsExactly(0L, 700_000L);
    }

    @Test
    void interruptedDownloadResumesWithRangeAndEndsByteIdentical() throws Exception {
        content.set(random(1_500_000, 2));
        cutFirstAfter = 600_000;
        server = rangeServer();
        Path target = dir.resolve("big.bin");
        assertThatThrownBy(() -> download.download(server.uri("/big"), target, FileDownload.Progress.NONE))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("600000 of 1500000");
        assertThat(target).doesNotExist();
        assertThat(FileDownload.partFile(target)).hasSize(600_000);
        assertThat(Files.readString(FileDownload.metaFile(target))).contains("etag=\"v1\"");

        FileDownload.Result result = download.download(server.uri("/big"), target, FileDownload.Progress.NONE);
        assertThat(result.status()).isEqualTo(206);
        assertThat(result.resumedFrom()).isEqualTo(600_000);
        assertThat(Files.readAllBytes(target)).isEqualTo(content.get());
        FakeServer.Request second = server.requests.get(1);
        assertThat(second.header("Range")).isEqualTo("bytes=600000-");
        assertThat(second.header("If-Range")).isEqualTo("\"v1\"");
        assertThat(FileDownload.partFile(target)).doesNotExist();
    }

    @Test
    void changedResourceIsDownloadedAgainInFull() throws Exception {
        content.set(random(300_000, 3));
        cutFirstAfter = 100_000;
        server = rangeServer();
        Path target = dir.resolve("changing.bin");
        assertThatThrownBy(() -> download.download(server.uri("/c"), target, FileDownload.Progress.NONE))
                .isInstanceOf(IOException.class);
        content.set(random(250_000, 4));
        etag.set("\"v2\"");
        FileDownload.Result result = download.download(server.uri("/c"), target, FileDownload.Progress.NONE);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.resumedFrom()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(content.get());
    }

    @Test
    void serverWithoutRangesGivesAFullDownload() throws Exception {
        content.set(random(200_000, 5));
        cutFirstAfter = 50_000;
        honourRanges = false;
        server = rangeServer();
        Path target = dir.resolve("noranges.bin");
        assertThatThrownBy(() -> download.download(server.uri("/n"), target, FileDownload.Progress.NONE))
                .isInstanceOf(IOException.class);
        FileDownload.Result result = download.download(server.uri("/n"), target, FileDownload.Progress.NONE);
        assertThat(result.status()).isEqualTo(200);
        assertThat(Files.readAllBytes(target)).isEqualTo(content.get());
        assertThat(server.requests.get(1).header("Range")).isEqualTo("bytes=50000-");
    }

    @Test
    void completePartFileIsFinishedOnA416() throws Exception {
        content.set(random(10_000, 6));
        server = rangeServer();
        Path target = dir.resolve("done.bin");
        Files.write(FileDownload.partFile(target), content.get());
        new FileDownload.Validators(server.uri("/d").toString(), "\"v1\"", null).save(FileDownload.metaFile(target));
        FileDownload.Result result = download.download(server.uri("/d"), target, FileDownload.Progress.NONE);
        assertThat(result.isSuccess()).isTrue();
        assertThat(Files.readAllBytes(target)).isEqualTo(content.get());
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void partFileFromAnotherUrlIsNotResumed() throws Exception {
        content.set("fresh content".getBytes(StandardCharsets.UTF_8));
        server = rangeServer();
        Path target = dir.resolve("other.txt");
        Files.writeString(FileDownload.partFile(target), "stale");
        new FileDownload.Validators("http://elsewhere/x", "\"v1\"", null).save(FileDownload.metaFile(target));
        download.download(server.uri("/o"), target, FileDownload.Progress.NONE);
        assertThat(Files.readString(target)).isEqualTo("fresh content");
        assertThat(server.requests.get(0).header("Range")).isNull();
    }

    @Test
    void errorStatusWritesNothing() throws Exception {
        server = new FakeServer((srv, socket, index) -> {
            srv.readRequest(socket.getInputStream());
            FakeServer.send(socket.getOutputStream(), "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
        });
        Path target = dir.resolve("missing.bin");
        FileDownload.Result result = download.download(server.uri("/m"), target, FileDownload.Progress.NONE);
        assertThat(result.status()).isEqualTo(404);
        assertThat(result.statusLine()).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(target).doesNotExist();
        assertThat(FileDownload.partFile(target)).doesNotExist();
    }

}
