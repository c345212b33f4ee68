package connectivity.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our HTTP/2 client against a scripted server on loopback: what a broken or unwilling server gets from it. */
@Timeout(30)
class H2ClientConnectionTest {
    ServerSocket listener;
    Socket server;
    Socket client;
    InputStream serverIn;
    OutputStream serverOut;
    final HpackEncoder encoder = new HpackEncoder(4096);
    final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    H2ClientConnection connection;

    @BeforeEach
    void connect() throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        server = listener.accept();
        server.setSoTimeout(10_000);
        serverIn = server.getInputStream();
        serverOut = server.getOutputStream();
        connection = H2ClientConnection.start(client.getInputStream(), client.getOutputStream(), this::closeClient,
                Duration.ofSeconds(5), "test");
        assertThat(serverIn.readNBytes(H2Connection.PREFACE.length)).isEqualTo(H2Connection.PREFACE);
        send(new Frame.Settings(false, List.of()));
        Thread.ofVirtual().start(() -> {
            try {
                for (Frame f = FrameCodec.read(serverIn, FrameCodec.MAX_MAX_FRAME_SIZE); f != null;
                        f = FrameCodec.read(serverIn, FrameCodec.MAX_MAX_FRAME_SIZE)) {
                    received.add(f);
                }
            } catch (IOException e) {
                // the test ended the connection
            }
        });
    }

    private void closeClient() {
        try {
            client.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @AfterEach
    void close() throws IOException {
        connection.close();
        server.close();
        listener.close();
    }

    private void send(Frame f) throws IOException {
        FrameCodec.write(f, serverOut);
        serverOut.flush();
    }

    private <T extends Frame> T await(Class<T> type) throws InterruptedException {
        while (true) {
            Frame f = received.poll(10, TimeUnit.SECONDS);
            assertThat(f).as("a " + type.getSimpleName() + " from the client").isNotNull();
            if (type.isInstance(f)) return type.cast(f);
        }
    }

    private static List<HeaderField> get(String path) {
        return List.of(new HeaderField(":method", "GET"), new HeaderField(":scheme", "http"),
                new HeaderField(":authority", "t"), new HeaderField(":path", path));
    }

    private void exchangeInBackground(BlockingQueue<Object> outcome) {
        Thread.ofVirtual().start(() -> {
            try {
                outcome.add(connection.exchange(get("/"), null, 0));
            } catch (IOException e) {
                outcome.add(e);
            }
        });
    }

    @Test
    void aResponseWithoutStatusFailsTheStreamAndIsResetAsAProtocolError() throws Exception {
        BlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
        exchangeInBackground(outcome);
        Frame.Headers request = await(Frame.Headers.class);
        assertThat(request.endStream()).isTrue();
        send(new Frame.Headers(request.streamId(), encoder.encode(List.of(new HeaderField("server", "x"))), true, true));
        Object result = outcome.poll(10, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(H2Exception.class);
        assertThat(((H2Exception) result).getMessage()).isEqualTo("no :status");
        assertThat(await(Frame.RstStream.class)).isEqualTo(new Frame.RstStream(request.streamId(), ErrorCode.PROTOCOL_ERROR.code()));
        assertThat(connection.acceptsStreams()).isTrue(); // a stream error: the connection carries on
    }

    @Test
    void refusedStreamsAndStreamsPastGoAwayMayBeSentAgainAndAClosedConnectionSaysWhy() throws Exception {
        BlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
        exchangeInBackground(outcome);
        Frame.Headers first = await(Frame.Headers.class);
        send(new Frame.RstStream(first.streamId(), ErrorCode.REFUSED_STREAM.code()));
        assertThat(outcome.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(H2RefusedException.class,
                e -> assertThat(e.unprocessed()).isTrue());

        exchangeInBackground(outcome);
        Frame.Headers second = await(Frame.Headers.class);
        send(new Frame.GoAway(first.streamId(), ErrorCode.NO_ERROR.code(), new byte[0]));
        assertThat(outcome.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(H2RefusedException.class,
                e -> assertThat(e).hasMessageContaining("GOAWAY NO_ERROR").extracting(H2RefusedException::unprocessed).isEqualTo(true));
        assertThat(second.streamId()).isGreaterThan(first.streamId());
        assertThat(connection.acceptsStreams()).isFalse();
        assertThatThrownBy(() -> connection.exchange(get("/"), null, 0)).isInstanceOf(H2RefusedException.class);
    }

    @Test
    void aServerThatClosesBeforeAnsweringLeavesTheRequestRetryableOnlyIfIdempotent() throws Exception {
        BlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
        exchangeInBackground(outcome);
        await(Frame.Headers.class);
        server.close();
        assertThat(outcome.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(H2RefusedException.class,
                e -> assertThat(e.unprocessed()).isFalse());
        assertThat(connection.isClosed()).isTrue();
    }

    @Test
    void pushPromiseIsAConnectionErrorSinceWeTurnedPushOff() throws Exception {
        BlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
        exchangeInBackground(outcome);
        Frame.Headers request = await(Frame.Headers.class);
        send(new Frame.PushPromise(request.streamId(), 2, encoder.encode(get("/pushed")), true, -1));
        Frame.GoAway goAway = await(Frame.GoAway.class);
        assertThat(goAway.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR.code());
        assertThat(outcome.poll(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    }

    @Test
    void aBodyArrivesWithinOurWindowAndTheWindowReopensAsItIsRead() throws Exception {
        BlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
        exchangeInBackground(outcome);
        Frame.Headers request = await(Frame.Headers.class);
        send(new Frame.Headers(request.streamId(), encoder.encode(List.of(new HeaderField(":status", "200"))), false, true));
        byte[] chunk = new byte[16_384];
        int frames = H2ClientLimits.STREAM_WINDOW / chunk.length; // exactly our stream window
        for (int i = 0; i < frames; i++) send(new Frame.Data(request.streamId(), chunk, false));
        H2ClientConnection.Response r = (H2ClientConnection.Response) outcome.poll(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().readNBytes(H2ClientLimits.STREAM_WINDOW)).hasSize(H2ClientLimits.STREAM_WINDOW);
        // Read, the stream's window reopens (the 16 MiB connection window, half unused, needs no update yet).
        Frame.WindowUpdate update = await(Frame.WindowUpdate.class);
        assertThat(update.streamId()).isEqualTo(request.streamId());
        assertThat(update.increment()).isGreaterThanOrEqualTo(H2ClientLimits.STREAM_WINDOW / 2);
        send(new Frame.Data(request.streamId(), new byte[0], true));
        assertThat(r.body().read()).isEqualTo(-1);
    }
}
