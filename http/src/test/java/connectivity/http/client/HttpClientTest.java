package connectivity.http.client;

import static connectivity.http.client.FakeServer.ok;
import static connectivity.http.client.FakeServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.net.NetFailures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class HttpClientTest {
    private final HttpClient client = HttpClient.builder()
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(5))
            .maxRedirects(5)
            .build();
    private FakeServer server;

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        if (server != null) server.close();
    }

    /** Serves every request on a connection with {@code respond(request)} until the client goes. */
    private FakeServer serveEach(Responder responder) throws IOException {
        return new FakeServer((srv, socket, index) -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            FakeServer.Request request;
            while ((request = srv.readRequest(in)) != null) {
                send(out, responder.respond(request));
            }
        });
    }

    interface Responder {
        String respond(FakeServer.Request request);
    }

    private static String describe(IOException e) {
        return NetFailures.describe(e, Duration.ofSeconds(5));
    }

    @Test
    void getsContentLengthBodyAndSendsHostAndTarget() throws Exception {
        server = serveEach(r -> ok("hello " + r.target()));
        HttpResponse r = client.send(HttpRequest.get(server.uri("/a/b?x=1%202#frag")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("OK");
        assertThat(r.bodyText()).isEqualTo("hello /a/b?x=1%202");
        assertThat(r.headers().firstOrNull("content-type")).isEqualTo("text/plain");
        FakeServer.Request seen = server.requests.get(0);
        assertThat(seen.requestLine()).isEqualTo("GET /a/b?x=1%202 HTTP/1.1");
        assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + server.port());
    }

    @Test
    void decodesChunkedBodyWithExtensionsAndTrailers() throws Exception {
        server = serveEach(r -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\n6\r\nworld!\r\n0\r\nX-Trailer: yes\r\n\r\n");
        HttpResponse first = client.send(HttpRequest.get(server.uri("/")));
        HttpResponse second = client.send(HttpRequest.get(server.uri("/")));
        assertThat(first.bodyText()).isEqualTo("hello world!");
        assertThat(second.bodyText()).isEqualTo("hello world!");
        assertThat(server.accepted()).as("chunked body ends cleanly, so the connection is reused").isEqualTo(1);
    }

    @Test
    void readsBodyDelimitedByCloseAndDoesNotReuseThatConnection() throws Exception {
        server = new FakeServer((srv, socket, index) -> {
            srv.readRequest(socket.getInputStream());
            send(socket.getOutputStream(), "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close #" + index);
        });
        assertThat(client.send(HttpRequest.get(server.uri("/"))).bodyText()).isEqualTo("until close #0");
        assertThat(client.send(HttpRequest.get(server.uri("/"))).bodyText()).isEqualTo("until close #1");
        assertThat(server.accepted()).isEqualTo(2);
    }

    @Test
    void keepAliveReusesOneConnectionForManyRequests() throws Exception {
        server = serveEach(r -> ok("n"));
        for (int i = 0; i < 10; i++) {
            assertThat(client.send(HttpRequest.get(server.uri("/" + i))).bodyText()).isEqualTo("n");
        }
        assertThat(server.accepted()).isEqualTo(1);
        assertThat(server.requests).hasSize(10);
        assertThat(client.openedConnections()).isEqualTo(1);
    }

    @Test
    void connectionCloseFromServerIsHonoured() throws Exception {
        server = serveEach(r -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        client.send(HttpRequest.get(server.uri("/")));
        client.send(HttpRequest.get(server.uri("/")));
        assertThat(server.accepted()).isEqualTo(2);
    }

    @Test
    void http10WithoutKeepAliveIsNotReused() throws Exception {
        server = serveEach(r -> "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
        client.send(HttpRequest.get(server.uri("/")));
        client.send(HttpRequest.get(server.uri("/")));
        assertThat(server.accepted()).isEqualTo(2);
    }

    @Test
    void retriesIdempotentRequestOnceWhenPooledConnectionWasClosed() throws Exception {
        // Each connection answers one request without announcing that it will close, then closes.
        server = new FakeServer((srv, socket, index) -> {
            srv.readRequest(socket.getInputStream());
            send(socket.getOutputStream(), ok("conn " + index));
        });
        assertThat(client.send(HttpRequest.get(server.uri("/"))).bodyText()).isEqualTo("conn 0");
        assertThat(client.send(HttpRequest.get(server.uri("/"))).bodyText()).isEqualTo("conn 1");
        assertThat(server.accepted()).isEqualTo(2);
    }

    @Test
    void doesNotRetryNonIdempotentRequestOnDeadPooledConnection() throws Exception {
        CountDownLatch firstDone = new CountDownLatch(1);
        server = new FakeServer((srv, socket, index) -> {
            srv.readRequest(socket.getInputStream());
            send(socket.getOutputStream(), ok("conn " + index));
            socket.shutdownOutput();
            firstDone.countDown();
        });
        client.send(HttpRequest.get(server.uri("/")));
        assertThat(firstDone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> client.send(HttpRequest.post(server.uri("/"), RequestBody.ofBytes(new byte[] {1}))))
                .isInstanceOf(IOException.class);
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void skipsInterimResponses() throws Exception {
        server = serveEach(r -> "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + ok("final"));
        HttpResponse r = client.send(HttpRequest.get(server.uri("/")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("final");
    }

    @Test
    void headAnd204And304HaveNoBodyAndKeepTheConnection() throws Exception {
        server = serveEach(r -> switch (r.target()) {
            case "/head" -> "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
            case "/204" -> "HTTP/1.1 204 No Content\r\n\r\n";
            case "/304" -> "HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\nETag: \"x\"\r\n\r\n";
            default -> ok("after");
        });
        HttpResponse head = client.send(HttpRequest.head(server.uri("/head")));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().firstOrNull("Content-Length")).isEqualTo("1000");
        assertThat(head.body()).isEmpty();
        assertThat(client.send(HttpRequest.get(server.uri("/204"))).status()).isEqualTo(204);
        HttpResponse notModified = client.send(HttpRequest.get(server.uri("/304")).withHeader("If-None-Match", "\"x\""));
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(client.send(HttpRequest.get(server.uri("/next"))).bodyText()).isEqualTo("after");
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void garbageStatusLineIsABadResponse() throws Exception {
        server = serveEach(r -> "SSH-2.0-OpenSSH_9.2\r\n\r\n");
        assertThatThrownBy(() -> client.send(HttpRequest.get(server.uri("/"))))
                .isInstanceOf(BadResponseException.class)
                .satisfies(e -> assertThat(describe((IOException) e)).startsWith("bad response from server: "));
    }

    @Test
    void emptyReplyIsABadResponse() throws Exception {
        server = new FakeServer((srv, socket, index) -> srv.readRequest(socket.getInputStream()));
        assertThatThrownBy(() -> client.send(HttpRequest.get(server.uri("/"))))
                .isInstanceOf(BadResponseException.class)
                .hasMessage("bad response from server: connection closed before any response");
    }

    @Test
    void conflictingContentLengthsAreABadResponse() throws Exception {
        server = serveEach(r -> "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd");
        assertThatThrownBy(() -> client.send(HttpRequest.get(server.uri("/"))))
                .hasMessage("bad response from server: conflicting Content-Length values");
    }

    @Test
    void malformedChunkIsABadResponse() throws Exception {
        server = serveEach(r -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        assertThatThrownBy(() -> client.send(HttpRequest.get(server.uri("/"))))
                .isInstanceOf(BadResponseException.class)
                .hasMessageStartingWith("bad response from server: ");
    }

    @Test
    void bodyCutShortIsABadResponse() throws Exception {
        server = new FakeServer((srv, socket, index) -> {
            srv.readRequest(socket.getInputStream());
            send(socket.getOutputStream(), "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
        });
        assertThatThrownBy(() -> client.send(HttpRequest.get(server.uri("/"))))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("9 of 100");
    }

    @Test
    void resetMidBodyReadsAsConnectionResetByPeer() throws Exception {
        server = new FakeServer((srv, socket, index) -> {
            srv.readRequest(socket.getInputStream());
            send(socket.getOutputStream(), "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + "x".repeat(1000));
            FakeServer.reset(socket);
        });
        try (StreamingResponse r = client.sendStreaming(HttpRequest.get(server.uri("/")))) {
            assertThat(r.status()).isEqualTo(200);
            assertThatThrownBy(() -> r.body().readAllBytes())
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(describe((IOException) e)).isEqualTo("connection reset by peer"));
        }
    }

    @Test
    void slowServerTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server = new FakeServer((srv, socket, index) -> {
            srv.readRequest(socket.getInputStream());
            release.await(10, TimeUnit.SECONDS); // says nothing until the test is over
        });
        try (HttpClient quick = HttpClient.builder().readTimeout(Duration.ofSeconds(1)).build()) {
            assertThatThrownBy(() -> quick.send(HttpRequest.get(server.uri("/"))))
                    .isInstanceOf(SocketTimeoutException.class)
                    .satisfies(e -> assertThat(NetFailures.describe((IOException) e, quick.readTimeout()))
                            .isEqualTo("timed out after 1 s"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void refusedPortReadsAsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertThatThrownBy(() -> client.send(HttpRequest.get(URI.create("http://127.0.0.1:" + port + "/"))))
                .isInstanceOf(ConnectException.class)
                .satisfies(e -> assertThat(describe((IOException) e)).isEqualTo("connection refused"));
    }

    @Test
    void httpsToAPlainHttpServerFailsInOneLine() throws Exception {
        // Our own server, which answers a ClientHello as the malformed request it is (400, plain text).
        try (connectivity.http.server.HttpServer plain = connectivity.http.server.HttpServer.builder()
                .route("/", r -> connectivity.http.server.Response.text(200, "plain")).build().start()) {
            assertThatThrownBy(() -> client.send(HttpRequest.get(URI.create("https://127.0.0.1:" + plain.port() + "/"))))
                    .isInstanceOf(connectivity.http.tls.TlsFailureException.class)
                    .hasMessageStartingWith("TLS handshake failed: ");
        }
    }

    @Test
    void redirectLoopIsBounded() throws Exception {
        server = serveEach(r -> "HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n");
        assertThatThrownBy(() -> client.send(HttpRequest.get(server.uri("/start"))))
                .isInstanceOf(TooManyRedirectsException.class)
                .hasMessageContaining("more than 5");
        assertThat(server.requests).hasSize(6); // the first request and five redirects
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void redirectsAreFollowedWithRelativeLocation() throws Exception {
        server = serveEach(r -> switch (r.target()) {
            case "/dir/start" -> "HTTP/1.1 301 Moved Permanently\r\nLocation: next?q=1\r\nContent-Length: 5\r\n\r\nmoved";
            case "/dir/next?q=1" -> "HTTP/1.1 308 Permanent Redirect\r\nLocation: /final\r\nContent-Length: 0\r\n\r\n";
            default -> ok("at " + r.target());
        });
        HttpResponse r = client.send(HttpRequest.get(server.uri("/dir/start")));
        assertThat(r.bodyText()).isEqualTo("at /final");
        assertThat(r.uri()).isEqualTo(server.uri("/final"));
        assertThat(server.requests).extracting(FakeServer.Request::target)
                .containsExactly("/dir/start", "/dir/next?q=1", "/final");
    }

    @Test
    void redirect303TurnsPutIntoGetWithoutBody() throws Exception {
        server = serveEach(r -> r.target().equals("/upload")
                ? "HTTP/1.1 303 See Other\r\nLocation: /result\r\nContent-Length: 0\r\n\r\n"
                : ok(r.method() + " " + r.body().length));
        HttpResponse r = client.send(HttpRequest.put(server.uri("/upload"), RequestBody.ofBytes("data".getBytes(StandardCharsets.UTF_8))));
        assertThat(r.bodyText()).isEqualTo("GET 0");
        FakeServer.Request second = server.requests.get(1);
        assertThat(second.requestLine()).isEqualTo("GET /result HTTP/1.1");
        assertThat(second.header("Content-Length")).isNull();
    }

    @Test
    void redirect307KeepsMethodAndBody() throws Exception {
        server = serveEach(r -> r.target().equals("/old")
                ? "HTTP/1.1 307 Temporary Redirect\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n"
                : ok(r.method() + " " + new String(r.body(), StandardCharsets.UTF_8)));
        HttpResponse r = client.send(HttpRequest.put(server.uri("/old"), RequestBody.ofBytes("payload".getBytes(StandardCharsets.UTF_8))));
        assertThat(r.bodyText()).isEqualTo("PUT payload");
    }

    @Test
    void redirectsAreNotFollowedWhenDisabled() throws Exception {
        server = serveEach(r -> "HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n");
        try (HttpClient noFollow = HttpClient.builder().maxRedirects(0).build()) {
            HttpResponse r = noFollow.send(HttpRequest.get(server.uri("/")));
            assertThat(r.status()).isEqualTo(302);
            assertThat(r.headers().firstOrNull("Location")).isEqualTo("/x");
        }
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void redirectWithoutLocationIsABadResponse() throws Exception {
        server = serveEach(r -> "HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n");
        assertThatThrownBy(() -> client.send(HttpRequest.get(server.uri("/"))))
                .hasMessage("bad response from server: 302 redirect without a Location");
    }

    @Test
    void putStreamsFileWithContentLengthAndDeleteSendsNoBody() throws Exception {
        server = serveEach(r -> ok(r.method() + " " + r.header("Content-Length") + " " + r.body().length));
        java.nio.file.Path file = java.nio.file.Files.createTempFile("put", ".bin");
        try {
            byte[] data = new byte[300_000];
            new java.util.Random(7).nextBytes(data);
            java.nio.file.Files.write(file, data);
            assertThat(client.send(HttpRequest.put(server.uri("/f"), file)).bodyText()).isEqualTo("PUT 300000 300000");
            assertThat(server.requests.get(0).body()).isEqualTo(data);
            assertThat(client.send(HttpRequest.delete(server.uri("/f"))).bodyText()).isEqualTo("DELETE null 0");
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void closingAStreamingBodyEarlyDropsItsConnection() throws Exception {
        server = serveEach(r -> ok("x".repeat(100_000)));
        try (StreamingResponse r = client.sendStreaming(HttpRequest.get(server.uri("/")))) {
            assertThat(r.body().read(new byte[10])).isEqualTo(10);
        }
        assertThat(client.send(HttpRequest.get(server.uri("/"))).body()).hasSize(100_000);
        assertThat(server.accepted()).isEqualTo(2);
    }

    @Test
    void streamingBodyReadToTheEndReturnsTheConnection() throws Exception {
        server = serveEach(r -> ok("y".repeat(100_000)));
        for (int i = 0; i < 3; i++) {
            try (StreamingResponse r = client.sendStreaming(HttpRequest.get(server.uri("/")))) {
                assertThat(r.contentLength()).isEqualTo(100_000);
                assertThat(r.body().readAllBytes()).hasSize(100_000);
            }
        }
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void sendRefusesBodiesOverTheLimit() throws Exception {
        server = serveEach(r -> ok("z".repeat(2000)));
        try (HttpClient small = HttpClient.builder().maxBodyBytes(1000).build()) {
            assertThatThrownBy(() -> small.send(HttpRequest.get(server.uri("/"))))
                    .hasMessageContaining("larger than 1000 bytes");
        }
    }

    @Test
    void earlyAnswerToALargeUploadIsReadDespiteTheBrokenPipe() throws Exception {
        server = new FakeServer((srv, socket, index) -> {
            InputStream in = socket.getInputStream();
            while (true) { // read the head only, then refuse the body
                int c = in.read();
                if (c < 0) return;
                if (c == '\n' && in.read() == '\r') {
                    in.read();
                    break;
                }
            }
            send(socket.getOutputStream(), "HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Length: 8\r\n\r\ntoo big!");
            FakeServer.reset(socket);
        });
        byte[] big = new byte[32 * 1024 * 1024];
        HttpResponse r;
        try {
            r = client.send(HttpRequest.put(server.uri("/up"), RequestBody.ofBytes(big)));
        } catch (IOException e) {
            // The kernel may drop the answer when the reset arrives first; then the failure must still be one line.
            assertThat(describe(e)).isIn("connection reset by peer", "connection closed by peer (broken pipe)");
            return;
        }
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.bodyText()).isEqualTo("too big!");
    }

    @Test
    void concurrentRequestsShareAFewPooledConnections() throws Exception {
        server = serveEach(r -> ok("c"));
        int threads = 4;
        int each = 25;
        java.util.List<Thread> workers = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger successes = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < each; i++) {
                    try {
                        if (client.send(HttpRequest.get(server.uri("/"))).bodyText().equals("c")) successes.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread w : workers) assertThat(w.join(Duration.ofSeconds(15))).isTrue();
        assertThat(successes.get()).isEqualTo(threads * each);
        assertThat(server.accepted()).isBetween(1, threads);
        assertThat(server.requests).hasSize(threads * each);
    }

    @Test
    void idleConnectionsPastTheIdleTimeoutAreNotReused() throws Exception {
        server = serveEach(r -> ok("i"));
        try (HttpClient noIdle = HttpClient.builder().keepAlive(8, Duration.ZERO).build()) {
            noIdle.send(HttpRequest.get(server.uri("/")));
            noIdle.send(HttpRequest.get(server.uri("/")));
        }
        assertThat(server.accepted()).isEqualTo(2);
    }

    @Test
    void redirectToAnotherSchemeSaysSo() throws Exception {
        server = serveEach(r -> "HTTP/1.1 301 Moved Permanently\r\nLocation: ftp://127.0.0.1/secure\r\nContent-Length: 0\r\n\r\n");
        assertThatThrownBy(() -> client.send(HttpRequest.get(server.uri("/"))))
                .isInstanceOf(UnsupportedUrlException.class)
                .hasMessageStartingWith("redirected to ftp://127.0.0.1/secure: unsupported URL scheme 'ftp'");
    }
}
