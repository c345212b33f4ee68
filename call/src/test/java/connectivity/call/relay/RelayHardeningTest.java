package connectivity.call.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.call.wire.Frames;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.WireMessage;
import connectivity.net.Connection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A relayed side that stops reading must not hold its session past the caps (issue 11, calling). */
@Timeout(60)
class RelayHardeningTest {
    static final Duration T = Duration.ofSeconds(5);
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

    @Test
    void maxSecondsEndsACallWhoseCalleeStoppedReading() throws Exception {
        assertSessionFreedWhenOneSideStopsReading(new RelayLimits(1L << 40, Duration.ofSeconds(2), 10, 4,
                Duration.ofSeconds(5), Duration.ofHours(1)));
    }

    @Test
    void aWriteThatNeverCompletesEndsTheCall() throws Exception {
        assertSessionFreedWhenOneSideStopsReading(new RelayLimits(1L << 40, Duration.ofHours(1), 10, 4,
                Duration.ofSeconds(5), Duration.ofSeconds(1)));
    }

    private static void assertSessionFreedWhenOneSideStopsReading(RelayLimits limits) throws Exception {
        RelayTokens tokens = new RelayTokens(SECRET);
        try (RelayServer relay = new RelayServer(tokens, new InMemoryUsedTokens(Clock.systemUTC()), limits)
                .start("127.0.0.1", 0)) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", relay.port());
            Connection talker = join(at, tokens.issue("call-1", "alice"));
            Connection mute = join(at, tokens.issue("call-1", "bob"));
            MessageChannel talkerCh = new MessageChannel(talker, Frames.MAX_CONTROL);
            MessageChannel muteCh = new MessageChannel(mute, Frames.MAX_CONTROL);
            Thread.ofVirtual().start(() -> {
                try {
                    paired(muteCh); // the mute side reads this far, then never again
                } catch (IOException ignored) {
                    // the assertion below tells
                }
            });
            paired(talkerCh);
            CountDownLatch writerStopped = new CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                byte[] frame = new byte[16 * 1024];
                try {
                    for (int i = 0; i < 1_000_000; i++) Frames.write(talker.output(), frame);
                } catch (IOException e) {
                    // the relay closed us: expected
                } finally {
                    writerStopped.countDown();
                }
            });
            await().atMost(Duration.ofSeconds(2)).until(() -> relay.activeSessions() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> relay.activeSessions() == 0);
            assertThat(writerStopped.await(10, TimeUnit.SECONDS)).as("the relay closed the talker too").isTrue();
            talker.close();
            mute.close();
        }
    }

    /** The first to join hears WAITING before PAIRED. */
    private static void paired(MessageChannel ch) throws IOException {
        WireMessage m = ch.receive();
        if (m != null && m.is("WAITING")) m = ch.receive();
        assertThat(m).isNotNull();
        assertThat(m.type()).isEqualTo("PAIRED");
    }

    private static Connection join(InetSocketAddress at, String token) throws IOException {
        Connection c = Connection.dial(at, T);
        c.readTimeout(Duration.ofSeconds(30));
        new MessageChannel(c, Frames.MAX_CONTROL).send(WireMessage.of("JOIN", "token", token));
        return c;
    }
}
