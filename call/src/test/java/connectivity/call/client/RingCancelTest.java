package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller who gives up while the call rings (answer timeout, cancelling, closing the client)
 * stops the ringing: the callee is told "alice cancelled the call" and can no longer accept it.
 */
@Timeout(60)
class RingCancelTest {
    static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void anAnswerTimeoutCancelsTheRing() throws Exception {
        try (Lab lab = new Lab()) {
            Lab.Recorder bob = lab.client("bob", false, dir, false);
            Lab.Recorder alice = lab.client(lab.options("alice", false, dir).answerTimeout(Duration.ofSeconds(1)), false);
            CompletableFuture<Call> dial = dialInBackground(alice, "bob");
            IncomingCall ring = bob.rings.poll(T.toSeconds(), TimeUnit.SECONDS);
            assertThat(ring).isNotNull();
            assertThat(failure(dial)).isEqualTo("bob did not answer within 1 s");
            assertCancelled(bob, ring);
        }
    }

    @Test
    void cancellingTheDialCancelsTheRing() throws Exception {
        try (Lab lab = new Lab()) {
            Lab.Recorder bob = lab.client("bob", false, dir, false);
            Lab.Recorder alice = lab.client("alice", false, dir, false);
            assertThat(alice.client.cancelDialing()).isFalse(); // nothing to cancel yet
            CompletableFuture<Call> dial = dialInBackground(alice, "bob");
            IncomingCall ring = bob.rings.poll(T.toSeconds(), TimeUnit.SECONDS);
            assertThat(ring).isNotNull();
            assertThat(alice.client.cancelDialing()).isTrue();
            assertThat(failure(dial)).isEqualTo("you cancelled the call");
            assertCancelled(bob, ring);
            // alice is free again: a new call to bob rings and connects
            CompletableFuture<Call> again = dialInBackground(alice, "bob");
            IncomingCall second = bob.rings.poll(T.toSeconds(), TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            second.accept();
            assertThat(again.get(T.toSeconds(), TimeUnit.SECONDS).peer()).isEqualTo("bob");
        }
    }

    @Test
    void closingTheCallersClientCancelsTheRing() throws Exception {
        try (Lab lab = new Lab()) {
            Lab.Recorder bob = lab.client("bob", false, dir, false);
            Lab.Recorder alice = lab.client("alice", false, dir, false);
            CompletableFuture<Call> dial = dialInBackground(alice, "bob");
            IncomingCall ring = bob.rings.poll(T.toSeconds(), TimeUnit.SECONDS);
            assertThat(ring).isNotNull();
            alice.client.close();
            assertThat(failure(dial)).isNotNull();
            assertCancelled(bob, ring);
        }
    }

    /** The callee heard of the cancel, nothing rings any more, and accepting the stale call is refused. */
    private static void assertCancelled(Lab.Recorder bob, IncomingCall ring) throws Exception {
        assertThat(bob.cancelled.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo("alice cancelled the call");
        assertThat(bob.client.ringing()).isEmpty();
        assertThatThrownBy(ring::accept).isInstanceOf(IOException.class)
                .hasMessage("the call from alice is no longer ringing");
        assertThat(bob.failed).isEmpty();
        assertThat(bob.connected).isEmpty();
    }

    private static CompletableFuture<Call> dialInBackground(Lab.Recorder who, String peer) {
        CompletableFuture<Call> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(who.client.dial(peer));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static String failure(CompletableFuture<Call> dial) throws Exception {
        try {
            Call c = dial.get(T.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("the dial succeeded: " + c.path());
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CallFailedException.class);
            return e.getCause().getMessage();
        }
    }
}
