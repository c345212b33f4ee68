package connectivity.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.HttpVersion;
import connectivity.http.documents.DocumentHandler;
import connectivity.http.server.HttpServer;
import connectivity.http.server.Response;
import connectivity.http.tls.Certificates;
import connectivity.http.tls.ClientTls;
import connectivity.http.tls.ServerTls;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our client speaking HTTP/2 to our server: h2c with prior knowledge, and h2 by ALPN over TLS. */
@Timeout(60)
class Http2ClientTest {
    static final Certificates.Issued LOCALHOST = Certificates.localhost();

    @TempDir
    Path root;
    HttpServer server;
    final List<String> accessLog = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private String start(ServerTls tls) throws Exception {
        HttpServer.Builder b = HttpServer.builder().port(0).accessLog(accessLog::add).route("/", new DocumentHandler(root, false));
        if (tls != null) b.tls(tls);
        server = b.build().start();
        return (tls != null ? "https" : "http") + "://127.0.0.1:" + server.port() + "/";
    }

    private static HttpClient h2c() {
        return HttpClient.builder().http2(false, true).readTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void priorKnowledgeFetchesALargeFileIdenticallyOverHttp2() throws Exception {
        byte[] big = new byte[9 * 1024 * 1024 + 17]; // past our 4 MiB stream window and the server's 64 KiB one
        new Random(5).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        String base = start(null);
        try (HttpClient client = h2c()) {
            HttpResponse r = client.send(HttpRequest.get(URI.create(base + "big.bin")));
            assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(r.statusLine()).isEqualTo("HTTP/2 200");
            assertThat(r.headers().first("content-length")).contains(Integer.toString(big.length));
            assertThat(r.body()).isEqualTo(big);
            HttpResponse head = client.send(HttpRequest.head(URI.create(base + "big.bin")));
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(client.openedConnections()).isEqualTo(1);
        }
        assertThat(accessLog).anyMatch(l -> l.contains("\"GET /big.bin HTTP/2.0\" 200"));
        assertThat(accessLog).anyMatch(l -> l.contains("\"HEAD /big.bin HTTP/2.0\" 200"));
    }

    @Test
    void concurrentRequestsShareOneConnection() throws Exception {
        for (int i = 0; i < 24; i++) Files.writeString(root.resolve("f" + i + ".txt"), ("file " + i + "\n").repeat(500 * (i + 1)));
        String base = start(null);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try (HttpClient client = h2c()) {
            client.send(HttpRequest.get(URI.create(base + "f0.txt"))); // the connection exists before the burst
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                URI uri = URI.create(base + "f" + i + ".txt");
                answers.add(pool.submit(() -> {
                    go.await();
                    return client.send(HttpRequest.get(uri));
                }));
            }
            go.countDown();
            for (int i = 0; i < 24; i++) {
                HttpResponse r = answers.get(i).get(30, TimeUnit.SECONDS);
                assertThat(r.bodyText()).isEqualTo(("file " + i + "\n").repeat(500 * (i + 1)));
            }
            assertThat(client.openedConnections()).isEqualTo(1);
            assertThat(client.openHttp2Connections()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void putAndDeleteCarryBodiesAndStatuses() throws Exception {
        String base = start(null);
        byte[] upload = new byte[3 * 1024 * 1024 + 5]; // many DATA frames, past the server's 64 KiB stream window
        new Random(9).nextBytes(upload);
        try (HttpClient client = h2c()) {
            HttpResponse put = client.send(HttpRequest.put(URI.create(base + "up.bin"), RequestBody.ofBytes(upload)));
            assertThat(put.status()).isEqualTo(201);
            assertThat(Files.readAllBytes(root.resolve("up.bin"))).isEqualTo(upload);
            HttpResponse again = client.send(HttpRequest.put(URI.create(base + "up.bin"), RequestBody.ofBytes(new byte[0])));
            assertThat(again.status()).isEqualTo(204);
            assertThat(Files.size(root.resolve("up.bin"))).isZero();
            assertThat(client.send(HttpRequest.delete(URI.create(base + "up.bin"))).status()).isEqualTo(204);
            assertThat(root.resolve("up.bin")).doesNotExist();
            assertThat(client.send(HttpRequest.get(URI.create(base + "up.bin"))).status()).isEqualTo(404);
            assertThat(client.openedConnections()).isEqualTo(1);
        }
    }

    @Test
    void aBodyClosedEarlyResetsItsStreamAndTheConnectionCarriesOn() throws Exception {
        byte[] big = new byte[20 * 1024 * 1024];
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("small.txt"), "small");
        String base = start(null);
        try (HttpClient client = h2c()) {
            try (StreamingResponse r = client.sendStreaming(HttpRequest.get(URI.create(base + "big.bin")))) {
                InputStream body = r.body();
                assertThat(body.readNBytes(1000)).hasSize(1000);
            }
            assertThat(client.send(HttpRequest.get(URI.create(base + "small.txt"))).bodyText()).isEqualTo("small");
            assertThat(client.openedConnections()).isEqualTo(1);
        }
    }

    @Test
    void overTlsAlpnPicksH2AndWithoutHttp2TheClientStaysOnHttp11() throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello");
        String base = start(ServerTls.of(LOCALHOST));
        ClientTls trust = ClientTls.trusting(List.of(LOCALHOST.leaf()));
        try (HttpClient client = HttpClient.builder().tls(trust).http2(true, false).build()) {
            HttpResponse a = client.send(HttpRequest.get(URI.create(base + "hello.txt")));
            HttpResponse b = client.send(HttpRequest.get(URI.create(base + "hello.txt")));
            assertThat(a.version()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(b.bodyText()).isEqualTo("hello");
            assertThat(client.openedConnections()).isEqualTo(1);
        }
        try (HttpClient client = HttpClient.builder().tls(trust).build()) {
            HttpResponse r = client.send(HttpRequest.get(URI.create(base + "hello.txt")));
            assertThat(r.version()).isEqualTo(HttpVersion.HTTP_1_1);
            assertThat(r.bodyText()).isEqualTo("hello");
        }
        // h2 on for https:// only: an http:// URL still speaks HTTP/1.1.
        HttpServer plain = HttpServer.builder().port(0).route("/", r -> Response.text(200, "plain")).build().start();
        try (plain; HttpClient client = HttpClient.builder().http2(true, false).build()) {
            HttpResponse r = client.send(HttpRequest.get(URI.create("http://127.0.0.1:" + plain.port() + "/")));
            assertThat(r.version()).isEqualTo(HttpVersion.HTTP_1_1);
        }
    }

    @Test
    void priorKnowledgeAgainstAnHttp11OnlyServerSaysSoInOneLine() throws Exception {
        try (java.net.ServerSocket http11 = new java.net.ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 2; i++) { // the GET is tried once more on a fresh connection
                    try (java.net.Socket s = http11.accept()) {
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            try (HttpClient client = h2c()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(
                                () -> client.send(HttpRequest.get(URI.create("http://127.0.0.1:" + http11.getLocalPort() + "/"))))
                        .isInstanceOf(java.io.IOException.class)
                        .hasMessage("HTTP/2 connection error: the server did not answer in HTTP/2 (no SETTINGS frame first:"
                                + " does it speak h2c?)");
            }
        }
    }

    @Test
    void aServerThatShutsDownSendsGoAwayAndTheNextRequestDialsAgain() throws Exception {
        Files.writeString(root.resolve("a.txt"), "a");
        String base = start(null);
        int port = server.port();
        try (HttpClient client = h2c()) {
            assertThat(client.send(HttpRequest.get(URI.create(base + "a.txt"))).bodyText()).isEqualTo("a");
            server.close();
            server = HttpServer.builder().port(port).route("/", new DocumentHandler(root, false)).build().start();
            assertThat(client.send(HttpRequest.get(URI.create(base + "a.txt"))).bodyText()).isEqualTo("a");
            assertThat(client.openedConnections()).isEqualTo(2);
        }
    }
}
