package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keep-alive inside a call: a peer whose host vanishes without a FIN or a RST (here, a path that
 * stops forwarding but closes nothing) ends the call after two ping intervals, on both sides.
 */
@Timeout(60)
class CallKeepAliveTest {
    static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aPathThatGoesSilentEndsTheCallForBothAfterTwoIntervals() throws Exception {
        try (Lab lab = new Lab(); FreezableProxy path = new FreezableProxy(lab.relayAddress())) {
            Path inbox = Files.createDirectories(dir.resolve("in"));
            // bob keeps the default 5 s; alice asks for 1 s, and both settle on the shorter
            Lab.Recorder bob = lab.client(lab.options("bob", true, inbox).relay(path.address()), true);
            Lab.Recorder alice = lab.client(lab.options("alice", true, dir).relay(path.address())
                    .callPingInterval(Duration.ofSeconds(1)), false);
            assertThat(bob.client.config().callPingInterval()).isEqualTo(Duration.ofSeconds(5));

            Call call = alice.client.dial("bob");
            assertThat(call.path()).isEqualTo("relay");
            Call bobsCall = bob.connected.poll(T.toSeconds(), TimeUnit.SECONDS);
            assertThat(bobsCall).isNotNull();
            await().atMost(T).until(() -> bobsCall.pingInterval().equals(Duration.ofSeconds(1)));
            assertThat(call.pingInterval()).isEqualTo(Duration.ofSeconds(1));

            // An idle call outlives the 2 s silence limit as long as pings flow: wait for enough of them.
            await().atMost(T).until(() -> call.pingsReceived() >= 4 && bobsCall.pingsReceived() >= 4);
            assertThat(call.isEnded()).isFalse();
            assertThat(call.chat("still there?").get(T.toSeconds(), TimeUnit.SECONDS).ok()).isTrue();
            assertThat(bob.chats.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("still there?");

            path.freeze();
            assertThat(alice.ended.poll(T.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("bob stopped answering (no data for 2 s)");
            assertThat(bob.ended.poll(T.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("alice stopped answering (no data for 2 s)");
            assertThat(call.endedNormally()).isFalse();
            assertThat(bobsCall.endedNormally()).isFalse();
            // The rendezvous connection is another path: both stay logged in.
            assertThat(alice.client.loggedIn()).isTrue();
            assertThat(bob.client.loggedIn()).isTrue();
        }
    }

    @Test
    void aHungUpCallIsNotReportedAsSilent() throws Exception {
        try (Lab lab = new Lab()) {
            Lab.Recorder bob = lab.client(lab.options("bob", false, dir).callPingInterval(Duration.ofMillis(500)), true);
            Lab.Recorder alice = lab.client(lab.options("alice", false, dir).callPingInterval(Duration.ofMillis(500)), false);
            Call call = alice.client.dial("bob");
            Call bobsCall = bob.connected.poll(T.toSeconds(), TimeUnit.SECONDS);
            assertThat(bobsCall).isNotNull();
            await().atMost(T).until(() -> call.pingsReceived() >= 3);
            call.hangup();
            assertThat(bob.ended.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("alice hung up");
            assertThat(alice.ended.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("you hung up");
            assertThat(call.endedNormally()).isTrue();
        }
    }
}
