package connectivity.http.h2;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.server.HttpServer;
import connectivity.http.server.QuickHandler;
import connectivity.http.server.Response;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each limit a hostile client runs into, over loopback. */
@Timeout(60)
class H2DefenceTest {
    HttpServer server;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.builder().port(0)
                .route("/hello", r -> Response.text(200, "hello"))
                .route("/quick", (QuickHandler) r -> Response.text(200, "answered by the reader thread"))
                .route("/slow", r -> {
                    release.await(20, TimeUnit.SECONDS);
                    return Response.text(200, "slow");
                })
                .build().start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    H2TestClient client() throws Exception {
        return new H2TestClient(server.port()).handshake();
    }

    static ByteArrayOutputStream frames(Frame... fs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : fs) out.writeBytes(FrameCodec.encode(f));
        return out;
    }

    /** Streams a stream thread answers, and streams the reader answers at once before their reset arrives. */
    @ParameterizedTest
    @ValueSource(strings = {"/slow", "/quick"})
    void rapidResetEndsTheConnectionWithEnhanceYourCalm(String path) throws Exception {
        try (H2TestClient c = client()) {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int id = 1; id < 2 * 300; id += 2) {
                burst.writeBytes(FrameCodec.encode(new Frame.Headers(id, c.get(path), true, true)));
                burst.writeBytes(FrameCodec.encode(new Frame.RstStream(id, ErrorCode.CANCEL.code())));
            }
            c.sendRaw(burst.toByteArray());
            assertThat(c.goAway().errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM.code());
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aContinuationFloodIsCutOffAtTheHeaderBlockCap() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(1, c.get("/hello"), true, false));
            byte[] junk = new byte[4096];
            java.util.Arrays.fill(junk, (byte) 0x82); // ":method GET" again and again
            for (int i = 0; i < 17; i++) c.send(new Frame.Continuation(1, junk, false));
            Frame.GoAway g = c.goAway();
            assertThat(g.errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM.code());
        }
    }

    @Test
    void emptyContinuationFramesAreAFlood() throws Exception {
        try (H2TestClient c = client()) {
            ByteArrayOutputStream burst = frames(new Frame.Headers(1, c.get("/hello"), true, false));
            for (int i = 0; i < 1100; i++) burst.writeBytes(FrameCodec.encode(new Frame.Continuation(1, new byte[0], false)));
            c.sendRaw(burst.toByteArray());
            assertThat(c.goAway().errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM.code());
        }
    }

    @Test
    void anOversizedHeaderListGets431AndTheConnectionCarriesOn() throws Exception {
        try (H2TestClient c = client()) {
            // An HPACK bomb: one 4 KiB entry, then its index (one byte) ten times: 40 KiB decoded from 4 KiB.
            HpackEncoder e = new HpackEncoder(4096).huffman(false);
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            block.writeBytes(c.get("/hello"));
            block.writeBytes(c.encoder.encode(List.of(new HeaderField("x-bomb", "b".repeat(4000)))));
            for (int i = 0; i < 10; i++) block.write(0xbe);
            c.send(new Frame.Headers(1, block.toByteArray(), true, true));
            Frame.Headers h = (Frame.Headers) c.until(f -> f instanceof Frame.Headers);
            assertThat(c.headersOf(h)).contains(new HeaderField(":status", "431"));
            c.send(new Frame.Headers(3, c.get("/hello"), true, true)); // the tables stayed in step
            Frame.Headers next = (Frame.Headers) c.until(f -> f instanceof Frame.Headers && f.streamId() == 3);
            assertThat(c.headersOf(next)).contains(new HeaderField(":status", "200"));
        }
    }

    @Test
    void settingsPingAndEmptyDataFloodsEndTheConnection() throws Exception {
        List<Frame> floods = List.of(new Frame.Settings(false, List.of()), new Frame.Ping(false, 7));
        for (Frame flood : floods) {
            try (H2TestClient c = client()) {
                ByteArrayOutputStream burst = new ByteArrayOutputStream();
                for (int i = 0; i < 1100; i++) burst.writeBytes(FrameCodec.encode(flood));
                c.sendRaw(burst.toByteArray());
                assertThat(c.goAway().errorCode()).as(flood.toString()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM.code());
            }
        }
        try (H2TestClient c = client()) {
            ByteArrayOutputStream burst = frames(new Frame.Headers(1, c.block(":method", "POST", ":scheme", "http", ":path", "/slow",
                    ":authority", "x"), false, true));
            for (int i = 0; i < 1100; i++) burst.writeBytes(FrameCodec.encode(new Frame.Data(1, new byte[0], false)));
            c.sendRaw(burst.toByteArray());
            assertThat(c.goAway().errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM.code());
        }
    }

    @Test
    void windowOverflowIsAFlowControlError() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(1, c.get("/slow"), true, true));
            c.send(new Frame.WindowUpdate(1, Integer.MAX_VALUE));
            assertThat(c.until(f -> f instanceof Frame.RstStream)).isEqualTo(new Frame.RstStream(1, ErrorCode.FLOW_CONTROL_ERROR.code()));
            c.send(new Frame.WindowUpdate(0, Integer.MAX_VALUE));
            assertThat(c.goAway().errorCode()).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR.code());
        }
    }

    @Test
    void dataBeyondOurWindowIsAFlowControlError() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(1, c.block(":method", "POST", ":scheme", "http", ":path", "/slow", ":authority", "x"), false, true));
            for (int i = 0; i < 4; i++) c.send(new Frame.Data(1, new byte[16_384], false)); // 65,536: one past the window
            c.send(new Frame.Data(1, new byte[1], false));
            assertThat(c.until(f -> f instanceof Frame.RstStream)).isEqualTo(new Frame.RstStream(1, ErrorCode.FLOW_CONTROL_ERROR.code()));
        }
    }

    @Test
    void streamIdsMustGrowAndBeOdd() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(5, c.get("/hello"), true, true));
            c.send(new Frame.Headers(3, c.get("/hello"), true, true));
            Frame.GoAway g = c.goAway();
            assertThat(g.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR.code());
            assertThat(g.lastStreamId()).isEqualTo(5);
        }
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(2, c.get("/hello"), true, true));
            assertThat(c.goAway().errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR.code());
        }
    }

    @Test
    void pushPromiseFromAClientAndAPrefaceWithoutSettingsAreProtocolErrors() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.PushPromise(1, 2, c.get("/hello"), true, -1));
            assertThat(c.goAway().errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR.code());
        }
        try (H2TestClient c = new H2TestClient(server.port())) {
            c.sendRaw(H2Connection.PREFACE).send(new Frame.Ping(false, 1));
            assertThat(c.goAway().errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR.code());
        }
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(1, c.get("/hello"), true, false)).send(new Frame.Ping(false, 1)); // not CONTINUATION
            assertThat(c.goAway().errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR.code());
        }
        try (H2TestClient c = client()) {
            c.sendRaw(new byte[] {0, 0, 2, 1, 5, 0, 0, 0, 1, (byte) 0x80, 0}); // HEADERS whose block indexes entry 0
            assertThat(c.goAway().errorCode()).isEqualTo(ErrorCode.COMPRESSION_ERROR.code());
        }
    }

    @Test
    void malformedRequestsAreResetAsProtocolErrors() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(1, c.block(":method", "GET", ":path", "/hello", ":authority", "x"), true, true)); // no :scheme
            c.send(new Frame.Headers(3, c.block(":method", "GET", ":scheme", "http", ":path", "/hello", "Upper", "x"), true, true));
            c.send(new Frame.Headers(5, c.block(":method", "GET", ":scheme", "http", ":path", "/", "connection", "close"), true, true));
            c.send(new Frame.Headers(7, c.block("accept", "*/*", ":method", "GET", ":scheme", "http", ":path", "/"), true, true));
            for (int id = 1; id <= 7; id += 2) {
                int stream = id;
                assertThat(c.until(f -> f instanceof Frame.RstStream && f.streamId() == stream))
                        .isEqualTo(new Frame.RstStream(stream, ErrorCode.PROTOCOL_ERROR.code()));
            }
        }
    }

    @Test
    void streamsOverTheConcurrencyLimitAreRefused() throws Exception {
        try (H2TestClient c = client()) {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < 101; i++) burst.writeBytes(FrameCodec.encode(new Frame.Headers(2 * i + 1, c.get("/slow"), true, true)));
            c.sendRaw(burst.toByteArray());
            assertThat(c.until(f -> f instanceof Frame.RstStream)).isEqualTo(new Frame.RstStream(201, ErrorCode.REFUSED_STREAM.code()));
            release.countDown();
            c.until(f -> f instanceof Frame.Data d && d.streamId() == 199 && d.endStream());
        }
    }

    @Test
    void aPeerThatNeverReadsIsDroppedOnceItsQueueIsFull() throws Exception {
        byte[] big = new byte[8 << 20];
        // Five big answers, then PINGs whose answers can only queue.
        long maxQueued = maxQueuedForAPeerThatNeverReads(256 * 1024, (m, t, h, b, f) -> Response.of(200, "application/octet-stream", big),
                i -> i < 5 ? new Frame.Headers(2 * i + 1, H2TestClient.request("/"), true, true) : new Frame.Ping(false, 1));
        assertThat(maxQueued).isBetween(128 * 1024L, 256 * 1024L + 16_384 + 9); // it filled, and no further
    }

    @Test
    void aPeerThatNeverReadsQuickAnswersIsDroppedOnceItsQueueIsFull() throws Exception {
        byte[] body = new byte[8000];
        H2Exchange quick = new H2Exchange() {
            @Override
            public Response exchange(String method, String target, connectivity.http.Headers headers, java.io.InputStream b,
                    java.util.function.BooleanSupplier failed) {
                return Response.of(200, "application/octet-stream", body);
            }

            @Override
            public boolean quick(String method, String target) {
                return true;
            }
        };
        long maxQueued = maxQueuedForAPeerThatNeverReads(64 * 1024, quick, i -> new Frame.Headers(2 * i + 1, H2TestClient.request("/"), true, true));
        // The cap, which the reader checks with a header block's worth to spare before it answers; its check and its
        // write are not one step, so a stream thread's frame may queue in between: at most one answer more.
        assertThat(maxQueued).isBetween(32 * 1024L, 64 * 1024L + 4096 + body.length + 2 * 9);
    }

    /**
     * Serves one connection (queue capped at {@code cap}, the control-frame cap out of reach, so only the
     * queue bound can end it) to a client that never reads and sends {@code frames} 0, 1, ... until the
     * server drops it; the most the server ever had queued.
     */
    private static long maxQueuedForAPeerThatNeverReads(long cap, H2Exchange exchange, java.util.function.IntFunction<Frame> frames)
            throws Exception {
        H2Config d = H2Config.defaults();
        H2Config config = new H2Config(d.maxConcurrentStreams(), d.initialWindowSize(), d.connectionWindow(), d.maxFrameSize(),
                d.headerTableSize(), d.maxHeaderListSize(), d.maxHeaderBlockBytes(), cap, d.floodWindow(),
                d.maxResetsPerWindow(), Integer.MAX_VALUE, d.maxEmptyPerWindow(), Duration.ofSeconds(5), 1 << 20);
        java.util.concurrent.atomic.AtomicReference<H2Connection> connection = new java.util.concurrent.atomic.AtomicReference<>();
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread serverSide = Thread.ofVirtual().start(() -> {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(5000);
                    H2Connection h2 = new H2Connection(s.getInputStream(), s.getOutputStream(), () -> closeQuietly(s), exchange, config, "test");
                    connection.set(h2);
                    h2.serve();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (H2TestClient c = new H2TestClient(listener.getLocalPort())) {
                c.socket.setReceiveBufferSize(16 * 1024);
                c.sendRaw(H2Connection.PREFACE);
                c.send(new Frame.Settings(false, List.of(new Frame.Setting(Frame.Setting.INITIAL_WINDOW_SIZE, Integer.MAX_VALUE))));
                c.send(new Frame.WindowUpdate(0, Integer.MAX_VALUE - 65_535));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                boolean dropped = false;
                for (int i = 0; !dropped && System.nanoTime() < deadline; i++) {
                    try {
                        c.send(frames.apply(i));
                    } catch (java.io.IOException e) {
                        dropped = true;
                    }
                    if (!serverSide.isAlive()) dropped = true;
                }
                serverSide.join(10_000);
                assertThat(serverSide.isAlive()).as("server still holding the connection").isFalse();
            }
        }
        return connection.get().peakQueuedBytes();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (java.io.IOException ignored) {
            // closing anyway
        }
    }
}
