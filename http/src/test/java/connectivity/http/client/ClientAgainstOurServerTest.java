package connectivity.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.http.documents.DocumentHandler;
import connectivity.http.server.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our client against our server with its DocumentHandler: both ends of the project talking. */
@Timeout(30)
class ClientAgainstOurServerTest {
    @TempDir
    Path root;

    private HttpServer server;
    private final HttpClient client = HttpClient.builder().readTimeout(Duration.ofSeconds(10)).build();
    private byte[] data;

    @BeforeEach
    void start() throws IOException {
        data = new byte[2 * 1024 * 1024 + 5];
        new Random(9).nextBytes(data);
        Files.write(root.resolve("data.bin"), data);
        Files.writeString(root.resolve("note.txt"), "a note\n");
        server = HttpServer.builder().bind("127.0.0.1").port(0).route("/", new DocumentHandler(root, false)).build().start();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void completePartFileIsFinishedWithoutDownloadingAgain() throws Exception {
        Path target = root.resolve("out/data.bin");
        FileDownload download = new FileDownload(client);
        download.download(uri("/data.bin"), target, FileDownload.Progress.NONE);
        // As if the earlier run stopped after the last byte and before the rename.
        Files.move(target, FileDownload.partFile(target));
        new FileDownload.Validators(uri("/data.bin").toString(),
                client.send(HttpRequest.head(uri("/data.bin"))).headers().firstOrNull("ETag"), null)
                .save(root.resolve("out/data.bin.part.meta"));

        FileDownload.Result again = download.download(uri("/data.bin"), target, FileDownload.Progress.NONE);
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
        assertThat(again.resumedFrom()).isEqualTo(data.length);
        assertThat(FileDownload.partFile(target)).doesNotExist();
    }

    @Test
    void getHeadAndConditionalGetOverOneConnection() throws Exception {
        HttpResponse get = client.send(HttpRequest.get(uri("/data.bin")));
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(data);
        String etag = get.headers().firstOrNull("ETag");
        assertThat(etag).isNotNull();

        HttpResponse head = client.send(HttpRequest.head(uri("/data.bin")));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().firstOrNull("Content-Length")).isEqualTo(Integer.toString(data.length));
        assertThat(head.body()).isEmpty();

        HttpResponse conditional = client.send(HttpRequest.get(uri("/data.bin")).withHeader("If-None-Match", etag));
        assertThat(conditional.status()).isEqualTo(304);
        assertThat(conditional.body()).isEmpty();

        HttpResponse since = client.send(HttpRequest.get(uri("/note.txt"))
                .withHeader("If-Modified-Since", get.headers().firstOrNull("Last-Modified")));
        assertThat(since.status()).isIn(200, 304);

        assertThat(client.openedConnections()).as("keep-alive across GET, HEAD and 304").isEqualTo(1);
    }

    @Test
    void putThenGetThenDeleteThenGone() throws Exception {
        Path upload = root.resolveSibling(root.getFileName() + "-upload.bin");
        byte[] content = "uploaded by our client\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        Files.write(upload, content);
        try {
            HttpResponse put = client.send(HttpRequest.put(uri("/new.txt"), upload));
            assertThat(put.status()).isIn(200, 201, 204);
            assertThat(Files.readAllBytes(root.resolve("new.txt"))).isEqualTo(content);
            assertThat(client.send(HttpRequest.get(uri("/new.txt"))).body()).isEqualTo(content);
            assertThat(client.send(HttpRequest.delete(uri("/new.txt"))).status()).isEqualTo(204);
            assertThat(client.send(HttpRequest.get(uri("/new.txt"))).status()).isEqualTo(404);
            assertThat(root.resolve("new.txt")).doesNotExist();
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    @Test
    void directoryRedirectIsFollowed() throws Exception {
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("dir/inside.txt"), "in");
        HttpResponse r = client.send(HttpRequest.get(uri("/dir")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.uri()).isEqualTo(uri("/dir/"));
        assertThat(r.bodyText()).contains("inside.txt");
    }

    @Test
    void interruptedDownloadResumesFromOurServerByteIdentical() throws Exception {
        int cut = 700_000;
        try (CuttingProxy proxy = new CuttingProxy(server.port(), cut)) {
            URI viaProxy = URI.create("http://127.0.0.1:" + proxy.port() + "/data.bin");
            Path target = root.resolveSibling(root.getFileName() + "-download.bin");
            try {
                FileDownload download = new FileDownload(client);
                assertThatThrownBy(() -> download.download(viaProxy, target, FileDownload.Progress.NONE))
                        .isInstanceOf(BadResponseException.class);
                long kept = Files.size(FileDownload.partFile(target));
                assertThat(kept).isPositive().isLessThan(data.length);

                FileDownload.Result result = download.download(viaProxy, target, FileDownload.Progress.NONE);
                assertThat(result.status()).isEqualTo(206);
                assertThat(result.resumedFrom()).isEqualTo(kept);
                assertThat(Files.readAllBytes(target)).isEqualTo(data);
            } finally {
                Files.deleteIfExists(target);
                Files.deleteIfExists(FileDownload.partFile(target));
                Files.deleteIfExists(FileDownload.metaFile(target));
            }
        }
    }

    /**
     * Forwards connections to the server; on the first one it lets only {@code cut} response bytes
     * through and then closes, like a network that dies in the middle of a download.
     */
    private static final class CuttingProxy implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket();
        private final int target;
        private final long cut;
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread acceptor;

        CuttingProxy(int target, long cut) throws IOException {
            this.target = target;
            this.cut = cut;
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            acceptor = Thread.ofVirtual().start(this::acceptLoop);
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptLoop() {
            while (true) {
                Socket client;
                try {
                    client = listener.accept();
                } catch (IOException e) {
                    return;
                }
                long limit = connections.getAndIncrement() == 0 ? cut : Long.MAX_VALUE;
                Thread.ofVirtual().start(() -> relay(client, limit));
            }
        }

        private void relay(Socket client, long limit) {
            try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
                Thread up = Thread.ofVirtual().start(() -> copy(client, upstream, Long.MAX_VALUE));
                copy(upstream, client, limit);
                client.close();
                upstream.close();
                up.join(5000);
            } catch (IOException | InterruptedException e) {
                // the test sees the effect on the client side
            }
        }

        private static void copy(Socket from, Socket to, long limit) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[16 * 1024];
                long left = limit;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) break;
                    out.write(buffer, 0, n);
                    left -= n;
                }
                to.shutdownOutput(); // FIN: everything let through reaches the client
            } catch (IOException e) {
                // one side went away
            }
        }

        @Override
        public void close() throws Exception {
            listener.close();
            acceptor.join(5000);
        }
    }
}
