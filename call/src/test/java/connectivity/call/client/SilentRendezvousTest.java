package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.call.crypto.Identity;
import connectivity.call.wire.Frames;
import connectivity.call.wire.WireMessage;
import connectivity.call.wire.MessageChannel;
import connectivity.net.Connection;
import connectivity.net.Listener;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client side of the keep-alive: a rendezvous that stops answering is noticed and dropped. */
@Timeout(30)
class SilentRendezvousTest {
    @Test
    void aRendezvousThatStopsAnsweringPingsIsNoticedWithinTwoIntervals() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // Logs the client in, then reads its pings and never answers.
        try (Listener mute = Listener.start("mute", "127.0.0.1", 0, (Connection c) -> {
            MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
            ch.send(WireMessage.of("CHALLENGE", "nonce", WireMessage.b64(new byte[32]), "probe", "p", "seen", "127.0.0.1:1"));
            ch.expect("LOGIN");
            ch.send(WireMessage.of("WELCOME", "seen", "127.0.0.1:1", "reachable", "false", "ping-ms", "300"));
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            Lab.Recorder events = new Lab.Recorder(false);
            CallClientConfig.Builder options = CallClientConfig.builder("alice", new InetSocketAddress("127.0.0.1", mute.port()))
                    .listen(new InetSocketAddress("127.0.0.1", 0)).pingInterval(Duration.ofSeconds(25))
                    .unreachable(true).saveTo(Path.of("."));
            try (CallClient client = new CallClient(options.build(), Identity.generate(), events).start()) {
                assertThat(client.loggedIn()).isTrue();
                // The server asked for 300 ms pings, so silence is noticed after 2 x 300 ms + 500 ms slack.
                String reason = events.lost.poll(10, TimeUnit.SECONDS);
                assertThat(reason).isEqualTo("timed out after 1.1 s");
            } finally {
                release.countDown();
            }
        }
    }
}
