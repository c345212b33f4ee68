package connectivity.http.h2;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.server.HttpServer;
import connectivity.http.server.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The protocol, frame by frame, against a real server on 127.0.0.1 (h2c with prior knowledge). */
@Timeout(30)
class H2ConnectionTest {
    HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.builder().port(0)
                .route("/hello", r -> Response.text(200, "hello"))
                .route("/echo", r -> Response.of(200, "application/octet-stream", r.body().readAllBytes()))
                .route("/trailers", r -> {
                    byte[] body = r.body().readAllBytes();
                    return Response.text(200, body.length + " " + r.trailers().first("X-Checksum").orElse("none"));
                })
                .route("/reject", r -> Response.status(403))
                .route("/big", r -> Response.of(200, "application/octet-stream", new byte[200_000]))
                .build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    H2TestClient client() throws Exception {
        return new H2TestClient(server.port()).handshake();
    }

    @Test
    void settingsAreExchangedAndAcknowledged() throws Exception {
        try (H2TestClient c = client()) {
            Frame.Settings ours = (Frame.Settings) c.until(f -> f instanceof Frame.Settings s && !s.ack());
            assertThat(ours.settings()).contains(new Frame.Setting(Frame.Setting.MAX_CONCURRENT_STREAMS, 100),
                    new Frame.Setting(Frame.Setting.ENABLE_PUSH, 0));
            c.until(f -> f instanceof Frame.Settings s && s.ack());
            c.send(new Frame.Ping(false, 0x1234_5678_9abcL));
            assertThat(c.until(f -> f instanceof Frame.Ping)).isEqualTo(new Frame.Ping(true, 0x1234_5678_9abcL));
        }
    }

    @Test
    void theBuildersLimitsAreWhatTheServerAdvertises() throws Exception {
        try (HttpServer limited = HttpServer.builder().port(0).route("/", r -> Response.text(200, "x"))
                .http2(H2Config.defaults().withMaxConcurrentStreams(7).withWindows(1 << 20, 4 << 20).withHeaderLimits(8192, 16384))
                .build().start();
             H2TestClient c = new H2TestClient(limited.port()).handshake()) {
            Frame.Settings ours = (Frame.Settings) c.until(f -> f instanceof Frame.Settings s && !s.ack());
            assertThat(ours.settings()).contains(new Frame.Setting(Frame.Setting.MAX_CONCURRENT_STREAMS, 7),
                    new Frame.Setting(Frame.Setting.INITIAL_WINDOW_SIZE, 1 << 20),
                    new Frame.Setting(Frame.Setting.MAX_HEADER_LIST_SIZE, 8192));
            assertThat(c.until(f -> f instanceof Frame.WindowUpdate)).isEqualTo(new Frame.WindowUpdate(0, (4 << 20) - 65_535));
        }
    }

    @Test
    void aGetIsAnsweredWithHeadersAndData() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(1, c.get("/hello"), true, true));
            Frame.Headers h = (Frame.Headers) c.until(f -> f instanceof Frame.Headers);
            assertThat(c.headersOf(h)).contains(new HeaderField(":status", "200"), new HeaderField("content-length", "5"));
            assertThat(c.headersOf(h).get(0).name()).isEqualTo(":status");
            Frame.Data d = (Frame.Data) c.until(f -> f instanceof Frame.Data);
            assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(d.endStream()).isTrue();
        }
    }

    @Test
    void aRequestBodyWithTrailersIsEchoed() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(1, c.block(":method", "POST", ":scheme", "http", ":path", "/echo", ":authority", "x"), false, true));
            c.send(new Frame.Data(1, "abc".getBytes(StandardCharsets.UTF_8), false));
            c.send(new Frame.Data(1, "def".getBytes(StandardCharsets.UTF_8), false, 4));
            c.send(new Frame.Headers(1, c.block("x-checksum", "1"), true, true));
            Frame.Data d = (Frame.Data) c.until(f -> f instanceof Frame.Data);
            assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo("abcdef");
        }
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(1, c.block(":method", "POST", ":scheme", "http", ":path", "/trailers", ":authority", "x"), false, true));
            c.send(new Frame.Data(1, "abc".getBytes(StandardCharsets.UTF_8), false));
            c.send(new Frame.Headers(1, c.block("x-checksum", "42"), true, true));
            Frame.Data d = (Frame.Data) c.until(f -> f instanceof Frame.Data);
            assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo("3 42");
        }
    }

    @Test
    void aResponseRespectsTheFlowControlWindowAndContinuesAfterWindowUpdate() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(1, c.get("/big"), true, true));
            long received = 0;
            while (received < 65_535) {
                Frame.Data d = (Frame.Data) c.until(f -> f instanceof Frame.Data);
                received += d.data().length;
                assertThat(d.data().length).isLessThanOrEqualTo(16_384);
            }
            assertThat(received).isEqualTo(65_535); // exactly the default window, then it waits
            c.send(new Frame.WindowUpdate(0, 200_000)).send(new Frame.WindowUpdate(1, 200_000));
            boolean end = false;
            while (!end) {
                Frame.Data d = (Frame.Data) c.until(f -> f instanceof Frame.Data);
                received += d.data().length;
                end = d.endStream();
            }
            assertThat(received).isEqualTo(200_000);
        }
    }

    @Test
    void aHandlerThatIgnoresTheBodyAnswersAndStopsTheUpload() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(1, c.block(":method", "PUT", ":scheme", "http", ":path", "/reject", ":authority", "x"), false, true));
            c.send(new Frame.Data(1, new byte[1000], false));
            Frame.Headers h = (Frame.Headers) c.until(f -> f instanceof Frame.Headers);
            assertThat(c.headersOf(h)).contains(new HeaderField(":status", "403"));
            Frame.Data d = (Frame.Data) c.until(f -> f instanceof Frame.Data);
            assertThat(d.endStream()).isTrue();
            c.send(new Frame.Data(1, new byte[1000], false)); // still sending: told to stop
            assertThat(c.until(f -> f instanceof Frame.RstStream)).isEqualTo(new Frame.RstStream(1, 0));
            c.send(new Frame.Headers(3, c.get("/hello"), true, true)); // and the connection carries on
            Frame.Headers next = (Frame.Headers) c.until(f -> f instanceof Frame.Headers);
            assertThat(next.streamId()).isEqualTo(3);
        }
    }

    @Test
    void http11RequestsStartingWithPStillWork() throws Exception {
        // A PRI request line that is not the preface stays HTTP/1.1 (and an unknown method there).
        for (String method : List.of("PUT", "PRI")) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write((method + " /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).as(method).startsWith(method.equals("PUT") ? "HTTP/1.1 200" : "HTTP/1.1 501");
            }
        }
    }

    @Test
    void gracefulShutdownSendsGoAwayAndFinishesTheStream() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(1, c.block(":method", "POST", ":scheme", "http", ":path", "/echo", ":authority", "x"), false, true));
            c.send(new Frame.Ping(false, 1)).until(f -> f instanceof Frame.Ping); // the HEADERS before it were read
            Thread shutdown = Thread.ofVirtual().start(() -> server.shutdown(java.time.Duration.ofSeconds(10)));
            Frame.GoAway g = c.goAway();
            assertThat(g.errorCode()).isZero();
            assertThat(g.lastStreamId()).isEqualTo(1);
            c.send(new Frame.Data(1, "late".getBytes(StandardCharsets.UTF_8), true));
            Frame.Data d = (Frame.Data) c.until(f -> f instanceof Frame.Data);
            assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo("late");
            assertThat(c.closedByServer()).isTrue();
            shutdown.join(10_000);
        }
    }
}
