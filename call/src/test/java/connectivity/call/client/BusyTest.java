package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One call at a time: a busy callee refuses new calls as busy, and a busy caller may not dial. */
@Timeout(60)
class BusyTest {
    static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aCallToSomeoneInACallIsRefusedAsBusyAndTheirCallGoesOn() throws Exception {
        try (Lab lab = new Lab()) {
            Lab.Recorder bob = lab.client("bob", false, dir, true);
            Lab.Recorder alice = lab.client("alice", false, dir, false);
            Lab.Recorder carol = lab.client("carol", false, dir, false);
            Call call = alice.client.dial("bob");
            assertThat(bob.connected.poll(T.toSeconds(), TimeUnit.SECONDS)).isNotNull();

            assertThatThrownBy(() -> carol.client.dial("bob")).isInstanceOf(CallFailedException.class)
                    .hasMessage("bob is busy");
            assertThat(bob.refusedAsBusy.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("carol: in a call with alice");
            assertThat(bob.rings).hasSize(1); // only alice's call ever rang
            assertThat(call.chat("still with you").get(T.toSeconds(), TimeUnit.SECONDS).ok()).isTrue();

            call.hangup();
            assertThat(bob.ended.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("alice hung up");
            // free again: carol gets through
            Call later = carol.client.dial("bob");
            assertThat(later.peer()).isEqualTo("bob");
        }
    }

    @Test
    void dialingWhileInACallIsRefused() throws Exception {
        try (Lab lab = new Lab()) {
            lab.client("bob", false, dir, true);
            Lab.Recorder carol = lab.client("carol", false, dir, false);
            Lab.Recorder alice = lab.client("alice", false, dir, false);
            Call call = alice.client.dial("bob");
            assertThatThrownBy(() -> alice.client.dial("carol")).isInstanceOf(CallFailedException.class)
                    .hasMessage("already in a call with bob");
            assertThat(carol.rings).isEmpty();
            assertThat(call.isEnded()).isFalse();
        }
    }

    @Test
    void dialingWhileDialingIsRefusedAndACallerIsBusyToo() throws Exception {
        try (Lab lab = new Lab()) {
            Lab.Recorder bob = lab.client("bob", false, dir, false);
            Lab.Recorder carol = lab.client("carol", false, dir, false);
            Lab.Recorder alice = lab.client("alice", false, dir, false);
            CompletableFuture<Call> ringingBob = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    ringingBob.complete(alice.client.dial("bob"));
                } catch (Throwable e) {
                    ringingBob.completeExceptionally(e);
                }
            });
            IncomingCall ring = bob.rings.poll(T.toSeconds(), TimeUnit.SECONDS);
            assertThat(ring).isNotNull();

            assertThatThrownBy(() -> alice.client.dial("carol")).isInstanceOf(CallFailedException.class)
                    .hasMessage("already calling bob");
            assertThat(carol.rings).isEmpty();
            // while alice is placing a call, a call to her is refused as busy
            assertThatThrownBy(() -> carol.client.dial("alice")).hasMessage("alice is busy");
            assertThat(alice.refusedAsBusy.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("carol: calling bob");

            ring.accept();
            assertThat(ringingBob.get(T.toSeconds(), TimeUnit.SECONDS).peer()).isEqualTo("bob");
        }
    }
}
