package connectivity.http.server;

import static connectivity.http.server.RawClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.http.Headers;
import connectivity.http.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(30)
class ServerProtocolTest {
    private HttpServer server;
    private final List<String> accessLog = new CopyOnWriteArrayList<>();
    private final CountDownLatch slowHandlerEntered = new CountDownLatch(1);
    private final CountDownLatch slowHandlerRelease = new CountDownLatch(1);

    /** Echoes what it saw: method, path, query, body length and body text. */
    private static Response echo(Request r) throws IOException {
        byte[] body = r.body().readAllBytes();
        String text = r.method() + " " + r.path() + " ?" + r.rawQuery() + " " + body.length + " "
                + new String(body, StandardCharsets.UTF_8);
        return Response.text(200, text);
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.builder()
                .port(0)
                .maxBodyBytes(1000)
                .requestTimeout(Duration.ofSeconds(1))
                .idleTimeout(Duration.ofSeconds(2))
                .accessLog(accessLog::add)
                .route("/", ServerProtocolTest::echo)
                .route("/throw", r -> {
                    throw new IllegalStateException("handler bug");
                })
                .route("/reject", r -> Response.status(Status.FORBIDDEN))
                .route("/stream", r -> new Response(200, Headers.of("Content-Type", "text/plain"),
                        new Response.Streamed(-1, out -> {
                            for (int i = 0; i < 3; i++) out.write(("part" + i + ";").getBytes(StandardCharsets.US_ASCII));
                        })))
                .route("/slow", r -> {
                    slowHandlerEntered.countDown();
                    slowHandlerRelease.await(10, TimeUnit.SECONDS);
                    return Response.text(200, "finished");
                })
                .route("/huge", r -> new Response(200, Headers.EMPTY, new Response.Streamed(64L << 20, out -> {
                    byte[] block = new byte[1 << 20];
                    for (int i = 0; i < 64; i++) out.write(block);
                })))
                .route("/only-get", r -> r.method().equals("GET")
                        ? Response.text(200, "ok")
                        : Response.status(405).withHeader("Allow", "GET, HEAD"))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        slowHandlerRelease.countDown();
        server.close();
    }

    private RawClient client() throws IOException {
        return RawClient.connect(server.port());
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws IOException {
        try (RawClient c = client()) {
            for (int i = 0; i < 3; i++) {
                RawClient.Reply r = c.exchange(get("/n" + i + "?a=%41"));
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("GET /n" + i + " ?a=%41 0 ");
                assertThat(r.header("Connection")).isNull();
                assertThat(r.header("Date")).isNotNull();
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (RawClient c = client()) {
            c.send(get("/one") + "POST /two HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc" + get("/three")
                    + "HEAD /four HTTP/1.1\r\nHost: t\r\n\r\n" + get("/five"));
            assertThat(c.read().text()).startsWith("GET /one ");
            assertThat(c.read().text()).isEqualTo("POST /two ? 3 abc");
            assertThat(c.read().text()).startsWith("GET /three ");
            RawClient.Reply head = c.read("HEAD");
            assertThat(head.body()).isEmpty();
            assertThat(head.header("Content-Length")).isEqualTo(String.valueOf("HEAD /four ? 0 ".length()));
            assertThat(c.read().text()).startsWith("GET /five ");
        }
    }

    @Test
    void http10ClosesUnlessKeepAliveIsAsked() throws IOException {
        try (RawClient c = client()) {
            RawClient.Reply r = c.exchange("GET /a HTTP/1.0\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = client()) {
            RawClient.Reply r = c.exchange("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(r.header("Connection")).isEqualTo("keep-alive");
            assertThat(c.exchange("GET /b HTTP/1.0\r\n\r\n").text()).startsWith("GET /b");
        }
    }

    /** RFC 9112 section 6.1: chunked framing in an HTTP/1.0 request cannot be trusted past this message. */
    @Test
    void http10WithChunkedRequestClosesAfterResponding() throws IOException {
        try (RawClient c = client()) {
            RawClient.Reply r = c.exchange("PUT /up HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n0\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (RawClient c = client()) {
            RawClient.Reply r = c.exchange("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void chunkedUploadIsDecoded() throws IOException {
        try (RawClient c = client()) {
            RawClient.Reply r = c.exchange("PUT /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n");
            assertThat(r.text()).isEqualTo("PUT /up ? 11 hello world");
            assertThat(c.exchange(get("/after")).status()).isEqualTo(200);
        }
    }

    @Test
    void responseOfUnknownLengthIsChunked() throws IOException {
        try (RawClient c = client()) {
            RawClient.Reply r = c.exchange(get("/stream"));
            assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(r.text()).isEqualTo("part0;part1;part2;");
            assertThat(c.exchange(get("/x")).status()).isEqualTo(200);
        }
        try (RawClient c = client()) {
            RawClient.Reply r = c.exchange("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(r.text()).isEqualTo("part0;part1;part2;");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void expectContinueSendsContinueWhenTheHandlerReads() throws IOException {
        try (RawClient c = client()) {
            c.send("PUT /up HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(100);
            c.send("data");
            assertThat(c.read().text()).isEqualTo("PUT /up ? 4 data");
            assertThat(c.exchange(get("/next")).status()).isEqualTo(200);
        }
    }

    @Test
    void expectContinueIsNotSentWhenTheHandlerRejects() throws IOException {
        try (RawClient c = client()) {
            c.send("PUT /reject HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Reply r = c.read();
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.header("Connection")).isEqualTo("close");
        }
        try (RawClient c = client()) {
            c.send("PUT /up HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(413);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void bodyOverTheLimitIs413ForBothFramings() throws IOException {
        try (RawClient c = client()) {
            c.send("PUT /up HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n" + "x".repeat(1001));
            assertThat(c.read().status()).isEqualTo(413);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = client()) {
            c.send("PUT /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "300\r\n" + "x".repeat(0x300) + "\r\n300\r\n" + "y".repeat(0x300) + "\r\n0\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(413);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = client()) {
            assertThat(c.exchange("PUT /up HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(1000)).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void handlerFailureIs500AndTheConnectionCarriesOn() throws IOException {
        try (RawClient c = client()) {
            RawClient.Reply r = c.exchange(get("/throw"));
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.text()).doesNotContain("handler bug");
            assertThat(c.exchange(get("/fine")).text()).startsWith("GET /fine");
        }
        try (RawClient c = client()) {
            assertThat(c.exchange(get("/again")).status()).isEqualTo(200);
        }
    }

    @Test
    void headNeverHasABody() throws IOException {
        try (RawClient c = client()) {
            c.send("HEAD /stream HTTP/1.1\r\nHost: t\r\n\r\n" + get("/after"));
            RawClient.Reply head = c.read("HEAD");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            // The next response starts right after the head: no stray body bytes in between.
            assertThat(c.read().text()).startsWith("GET /after");
        }
    }

    @Test
    void handlerSays405WithAllow() throws IOException {
        try (RawClient c = client()) {
            RawClient.Reply r = c.exchange("DELETE /only-get HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
        }
    }

    @Test
    void optionsStarAndAbsoluteFormTargets() throws IOException {
        try (RawClient c = client()) {
            assertThat(c.exchange("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(200);
            assertThat(c.exchange("GET http://t/abs/path?q=1 HTTP/1.1\r\nHost: t\r\n\r\n").text()).isEqualTo("GET /abs/path ?q=1 0 ");
        }
    }

    @Test
    void pathIsDecodedAndQueryIsNot() throws IOException {
        try (RawClient c = client()) {
            assertThat(c.exchange(get("/caf%C3%A9%20x?info_hash=%00%ff%12")).text())
                    .isEqualTo("GET /caf\u00e9 x ?info_hash=%00%ff%12 0 ");
            assertThat(c.exchange(get("/bad%ff")).status()).isEqualTo(400);
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("bare CR", "GET / HTTP/1.1\r\nHost: t\rX: y\r\n\r\n", 400),
                Arguments.of("bare LF", "GET / HTTP/1.1\nHost: t\n\n", 400),
                Arguments.of("obs-fold", "GET / HTTP/1.1\r\nHost: t\r\nX: a\r\n  b\r\n\r\n", 400),
                Arguments.of("space before colon", "GET / HTTP/1.1\r\nHost : t\r\n\r\n", 400),
                Arguments.of("bad method token", "G@T / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                Arguments.of("bad target char", "GET /<script> HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                Arguments.of("fragment in target", "GET /a#b HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                Arguments.of("relative target", "GET a/b HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                Arguments.of("missing Host", "GET / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                Arguments.of("TE and CL", "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("two CLs", "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
                Arguments.of("bad CL", "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3x\r\n\r\nabc", 400),
                Arguments.of("unknown TE", "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
                Arguments.of("bad chunk size", "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("CL list that disagrees", "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 4\r\n\r\nabcd", 400),
                Arguments.of("negative chunk size", "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("bad chunk extension", "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;=x\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("unterminated quoted chunk extension", "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"b\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("invalid char in field name", "GET / HTTP/1.1\r\nHost: t\r\nX[1]: y\r\n\r\n", 400),
                Arguments.of("NUL in target", "GET /a\u0000b HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                Arguments.of("chunk without CRLF", "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX0\r\n\r\n", 400),
                Arguments.of("unknown method", "BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n", 501),
                Arguments.of("CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 501),
                Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
                Arguments.of("HTTP/3.0", "GET / HTTP/3.0\r\nHost: t\r\n\r\n", 505),
                Arguments.of("unknown expectation", "PUT / HTTP/1.1\r\nHost: t\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\nx", 417),
                Arguments.of("request line too long", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
                Arguments.of("headers too large", "GET / HTTP/1.1\r\nHost: t\r\n" + ("X-Pad: " + "p".repeat(1000) + "\r\n").repeat(70) + "\r\n", 431),
                Arguments.of("too many fields", "GET / HTTP/1.1\r\nHost: t\r\n" + "X: y\r\n".repeat(200) + "\r\n", 431),
                Arguments.of("binary garbage", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003\r\n\r\n", 400));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("malformed")
    void malformedRequestGetsItsStatusAndTheConnectionCloses(String name, String request, int status) throws IOException {
        try (RawClient c = client()) {
            c.send(request + get("/must-not-be-served"));
            RawClient.Reply r = c.read();
            assertThat(r.status()).as(name).isEqualTo(status);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).as("closed after " + name).isTrue();
        }
        assertThat(accessLog).noneMatch(line -> line.contains("must-not-be-served"));
        // The server is still up.
        try (RawClient c = client()) {
            assertThat(c.exchange(get("/ok")).status()).isEqualTo(200);
        }
    }

    @Test
    void bodyCutShortClosesWithoutAnAnswer() throws IOException {
        try (RawClient c = client()) {
            c.send("PUT /up HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
            c.socket.shutdownOutput();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void slowlorisGets408WithinTheRequestTimeout() throws Exception {
        try (RawClient c = client()) {
            // A client that keeps sending a header byte every 100 ms never finishes its head.
            Thread drip = Thread.ofVirtual().start(() -> {
                try {
                    c.send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ");
                    while (!Thread.currentThread().isInterrupted()) {
                        c.send("a");
                        Thread.sleep(100); // the attack's own pace, not a synchronisation
                    }
                } catch (IOException | InterruptedException e) {
                    // server closed or test over
                }
            });
            try {
                // The drip never lets the 2 s idle timeout fire, so only the 1 s deadline on the whole head can
                // answer before this read gives up (RawClient's 10 s socket timeout): no clock needed here.
                RawClient.Reply r = c.read();
                assertThat(r.status()).isEqualTo(408);
                assertThat(c.closedByServer()).isTrue();
            } finally {
                drip.interrupt();
                drip.join(5000);
            }
        }
    }

    @Test
    void idleConnectionGets408AndIsClosed() throws IOException {
        try (RawClient c = client()) {
            assertThat(c.exchange(get("/first")).status()).isEqualTo(200);
            RawClient.Reply r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void clientThatStopsReadingIsDropped() throws IOException {
        try (RawClient c = client()) {
            c.send(get("/huge")); // 64 MiB that we never read: the server's write blocks
            await().atMost(Duration.ofSeconds(20)).until(() -> server.openConnections() == 0);
        }
        try (RawClient c = client()) {
            assertThat(c.exchange(get("/ok")).status()).isEqualTo(200);
        }
    }

    @Test
    void gracefulShutdownLetsTheRequestInFlightFinish() throws Exception {
        try (RawClient busy = client(); RawClient idle = client()) {
            assertThat(idle.exchange(get("/warm")).status()).isEqualTo(200);
            busy.send(get("/slow"));
            assertThat(slowHandlerEntered.await(5, TimeUnit.SECONDS)).isTrue();
            Thread stopper = Thread.ofVirtual().start(() -> server.shutdown(Duration.ofSeconds(10)));
            assertThat(idle.closedByServer()).as("idle connection closed at once").isTrue();
            slowHandlerRelease.countDown();
            RawClient.Reply r = busy.read();
            assertThat(r.text()).isEqualTo("finished");
            assertThat(r.header("Connection")).isEqualTo("close");
            stopper.join(10_000);
            assertThat(stopper.isAlive()).isFalse();
        }
    }

    @Test
    void accessLogUsesCommonLogFormat() throws IOException {
        try (RawClient c = client()) {
            c.exchange(get("/logged?x=1"));
        }
        assertThat(accessLog).anySatisfy(line -> assertThat(line).matches(
                "127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}] \"GET /logged\\?x=1 HTTP/1\\.1\" 200 \\d+"));
    }

    @Test
    void unreadBodyIsDrainedSoTheNextRequestParses() throws IOException {
        try (RawClient c = client()) {
            c.send("POST /reject HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello" + get("/next"));
            assertThat(c.read().status()).isEqualTo(403);
            assertThat(c.read().text()).startsWith("GET /next");
        }
    }

}
