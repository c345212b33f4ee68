package connectivity.http.h2;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.server.HttpServer;
import connectivity.http.server.QuickHandler;
import connectivity.http.server.Response;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests to a {@link QuickHandler} answered by the connection's reader thread: what may go out at once
 * does, and what would wait on the peer's windows goes to a stream thread. (The defences with quick
 * handlers: {@link H2DefenceTest}.)
 */
@Timeout(60)
class H2QuickAnswerTest {
    HttpServer server;
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.builder().port(0)
                .route("/quick", (QuickHandler) r -> {
                    threads.add(Thread.currentThread().getName());
                    return Response.text(200, "quick");
                })
                .route("/quick-big", (QuickHandler) r -> Response.of(200, "application/octet-stream", new byte[200_000]))
                .route("/quick-1000", (QuickHandler) r -> Response.of(200, "application/octet-stream", new byte[1000]))
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
    void aBurstOfQuickRequestsIsAnsweredWithoutStreamThreads() throws Exception {
        try (H2TestClient c = client()) {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int id = 1; id <= 9; id += 2) burst.writeBytes(FrameCodec.encode(new Frame.Headers(id, c.get("/quick"), true, true)));
            c.sendRaw(burst.toByteArray());
            Set<Integer> answered = new java.util.HashSet<>();
            while (answered.size() < 5) {
                Frame.Data d = (Frame.Data) c.until(f -> f instanceof Frame.Data x && x.endStream());
                assertThat(new String(d.data(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("quick");
                answered.add(d.streamId());
            }
            assertThat(answered).containsExactlyInAnyOrder(1, 3, 5, 7, 9);
            assertThat(threads).isNotEmpty().noneMatch(name -> name.startsWith("h2-stream"));
        }
    }

    @Test
    void aQuickResponseLargerThanTheWindowWaitsForWindowUpdate() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.Headers(1, c.get("/quick-big"), true, true));
            long received = 0;
            while (received < 65_535) received += ((Frame.Data) c.until(f -> f instanceof Frame.Data)).data().length;
            assertThat(received).isEqualTo(65_535);
            c.send(new Frame.WindowUpdate(0, 200_000)).send(new Frame.WindowUpdate(1, 200_000));
            assertThat(received + bodyToTheEnd(c)).isEqualTo(200_000);
        }
    }

    @Test
    void aSmallQuickResponseBeyondAShrunkenWindowIsNotSentPastIt() throws Exception {
        try (H2TestClient c = client()) {
            c.send(new Frame.Settings(false, List.of(new Frame.Setting(Frame.Setting.INITIAL_WINDOW_SIZE, 100))));
            c.until(f -> f instanceof Frame.Settings s && s.ack());
            c.send(new Frame.Headers(1, c.get("/quick-1000"), true, true));
            Frame.Data first = (Frame.Data) c.until(f -> f instanceof Frame.Data);
            assertThat(first.data()).hasSize(100);
            assertThat(first.endStream()).isFalse();
            c.send(new Frame.WindowUpdate(1, 900));
            assertThat(first.data().length + bodyToTheEnd(c)).isEqualTo(1000);
        }
    }

    /** Adds up DATA until END_STREAM. */
    private static long bodyToTheEnd(H2TestClient c) throws Exception {
        long received = 0;
        boolean end = false;
        while (!end) {
            Frame.Data d = (Frame.Data) c.until(f -> f instanceof Frame.Data);
            received += d.data().length;
            end = d.endStream();
        }
        return received;
    }
}
