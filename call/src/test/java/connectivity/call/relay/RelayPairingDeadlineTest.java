package connectivity.call.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.call.wire.Frames;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.RelayMessage;
import connectivity.net.Connection;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay's writes before the pump (WAITING, PAIRED, refusals) have the pump's write deadline, so a
 * side that never reads cannot hold the pairing thread and its session slot (issue 11). A side whose
 * window is full is played by a socket whose writes block until it is closed: a real peer cannot make
 * a 60-byte control frame block on loopback, where the buffers hold far more than the relay sends
 * before the pump, but on a path that stalls (a vanished NAT mapping, a zero window) it can.
 */
@Timeout(30)
class RelayPairingDeadlineTest {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    static final Duration WRITE_TIMEOUT = Duration.ofMillis(300);

    final RelayTokens tokens = new RelayTokens(SECRET);
    final RelayLimits limits = new RelayLimits(1L << 30, Duration.ofMinutes(5), 10, 4, Duration.ofSeconds(20), WRITE_TIMEOUT);
    RelayServer relay;
    StuckSocket stuck;
    Socket feeder;
    ServerSocket feederServer;

    @AfterEach
    void cleanUp() throws IOException {
        for (var c : new java.io.Closeable[] {stuck, feeder, feederServer, relay}) if (c != null) c.close();
    }

    @Test
    void aJoinerThatNeverReadsPairedFreesTheSession() throws Exception {
        relay = new RelayServer(tokens, new InMemoryUsedTokens(Clock.systemUTC()), limits).start("127.0.0.1", 0);
        Connection first = Connection.dial(new InetSocketAddress("127.0.0.1", relay.port()), Duration.ofSeconds(5));
        first.readTimeout(Duration.ofSeconds(10));
        MessageChannel firstCh = new MessageChannel(first, Frames.MAX_CONTROL);
        firstCh.send(new RelayMessage.Join(tokens.issue("call-1", "alice")));
        firstCh.expect(ProtocolCodec::relay, RelayMessage.Waiting.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.activeSessions() == 1);

        Thread serving = serveStuck(tokens.issue("call-1", "bob"));
        assertThat(stuck.writing.await(5, TimeUnit.SECONDS)).as("the relay wrote PAIRED to the stuck side").isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> relay.activeSessions() == 0);
        assertThat(serving.join(Duration.ofSeconds(10))).as("the pairing thread returned").isTrue();
        firstCh.expect(ProtocolCodec::relay, RelayMessage.Paired.class);
        assertThat(firstCh.receive()).as("the partner's connection is closed with the call").isNull();
        first.close();
    }

    @Test
    void aFirstJoinerThatNeverReadsWaitingFreesTheSession() throws Exception {
        relay = new RelayServer(tokens, new InMemoryUsedTokens(Clock.systemUTC()), limits).start("127.0.0.1", 0);
        Thread serving = serveStuck(tokens.issue("call-2", "carol"));
        assertThat(stuck.writing.await(5, TimeUnit.SECONDS)).as("the relay wrote WAITING to the stuck side").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.activeSessions() == 0);
        assertThat(serving.join(Duration.ofSeconds(10))).as("the waiting thread returned").isTrue();

        // The slot is gone with it: the partner arriving later waits on its own instead of pairing with a dead side.
        Connection late = Connection.dial(new InetSocketAddress("127.0.0.1", relay.port()), Duration.ofSeconds(5));
        late.readTimeout(Duration.ofSeconds(10));
        MessageChannel lateCh = new MessageChannel(late, Frames.MAX_CONTROL);
        lateCh.send(new RelayMessage.Join(tokens.issue("call-2", "dave")));
        lateCh.expect(ProtocolCodec::relay, RelayMessage.Waiting.class);
        late.close();
    }

    /** Serves, on the relay, a connection whose JOIN arrives but whose writes never complete. */
    private Thread serveStuck(String token) throws IOException {
        feederServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        stuck = new StuckSocket();
        stuck.connect(feederServer.getLocalSocketAddress(), 5000);
        feeder = feederServer.accept();
        Frames.write(feeder.getOutputStream(), ProtocolCodec.encode(new RelayMessage.Join(token)).encode());
        Connection c = new Connection(stuck);
        return Thread.ofVirtual().start(() -> {
            try {
                relay.serve(c);
            } catch (IOException expected) {
                // the relay gave up on the stuck side
            } finally {
                c.close();
            }
        });
    }

    /** A connected socket whose writes block until it is closed, as when the peer's receive window is full. */
    static final class StuckSocket extends Socket {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public OutputStream getOutputStream() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    writing.countDown();
                    try {
                        closed.await();
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException();
                    }
                    throw new SocketException("Socket closed");
                }
            };
        }

        @Override
        public synchronized void close() throws IOException {
            closed.countDown();
            super.close();
        }
    }
}
