package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.call.crypto.SecureChannel;
import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.RendezvousMessage.CallAccepted;
import connectivity.call.wire.RendezvousMessage.CallCancelled;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import connectivity.call.wire.RendezvousMessage.CallRejected;
import connectivity.call.wire.RendezvousMessage.CallRequest;
import connectivity.call.wire.RendezvousMessage.Cancel;
import connectivity.call.wire.RendezvousMessage.Connected;
import connectivity.call.wire.RendezvousMessage.Failed;
import connectivity.call.wire.RendezvousMessage.Ringing;
import connectivity.call.wire.RendezvousMessage.Who;
import connectivity.call.client.OutgoingCall.Connecting;
import connectivity.call.client.OutgoingCall.Dialing;
import connectivity.call.client.OutgoingCall.Ended;
import connectivity.call.client.OutgoingCall.InCall;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outgoing call's states without a socket: every legal step, the refused ones, and its deadlines on a manual clock. */
class OutgoingCallTest {
    static final Duration ANSWER = Duration.ofSeconds(30);
    static final CallAccepted ACCEPTED = new CallAccepted("c1", new byte[] {7}, "127.0.0.1:4000", List.of(), true, false, true);

    final ManualClock clock = new ManualClock();
    final Recorded out = new Recorded();
    List<ConnectAttempt> plan = List.of(attempt("direct"), attempt("relay"));
    final OutgoingCall call = new OutgoingCall("c1", "bob", ANSWER, clock, out, out, a -> plan);

    @Test
    void placingSendsTheRequestAndWaitsTenSecondsForTheRendezvous() throws IOException {
        assertThat(call.state()).isEqualTo(new Dialing());
        call.place();
        assertThat(out.sent).containsExactly(new CallRequest("c1", "bob"));
        assertThat(call.awaitingAnswer()).isTrue();
        assertThat(call.untilDeadline()).isEqualTo(OutgoingCall.RENDEZVOUS_REPLY);
    }

    @Test
    void ringingStartsTheAnswerDeadlineAndEachRingRenewsIt() throws IOException {
        call.place();
        call.heard(new Ringing("c1"));
        assertThat(call.state()).isEqualTo(new OutgoingCall.Ringing());
        assertThat(call.untilDeadline()).isEqualTo(ANSWER);
        clock.advance(Duration.ofSeconds(20));
        assertThat(call.untilDeadline()).isEqualTo(Duration.ofSeconds(10));
        call.heard(new Ringing("c1"));
        assertThat(call.state()).isEqualTo(new OutgoingCall.Ringing());
        assertThat(call.untilDeadline()).isEqualTo(ANSWER);
        assertThat(out.said).containsExactly("progress ringing bob"); // told once, not per ring
    }

    @Test
    void ringingTimesOutAtTheDeadlineAndNotBeforeAndTheCalleeStopsRinging() throws IOException {
        call.place();
        call.heard(new Ringing("c1"));
        clock.advance(ANSWER.minusMillis(1));
        call.waitExpired(); // woke early: keeps waiting
        assertThat(call.state()).isEqualTo(new OutgoingCall.Ringing());
        assertThat(call.untilDeadline()).isEqualTo(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(call::waitExpired).isInstanceOf(CallFailedException.class)
                .hasMessage("bob did not answer within 30 s");
        assertThat(call.state()).isEqualTo(new Ended("bob did not answer within 30 s"));
        assertThat(out.sent).containsExactly(new CallRequest("c1", "bob"), new Cancel("c1"));
        assertThat(call.untilDeadline()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aSilentRendezvousEndsTheDialAfterTenSeconds() throws IOException {
        call.place();
        clock.advance(OutgoingCall.RENDEZVOUS_REPLY);
        assertThatThrownBy(call::waitExpired).isInstanceOf(CallFailedException.class).hasMessage("the rendezvous did not answer");
        assertThat(call.state()).isEqualTo(new Ended("the rendezvous did not answer"));
        assertThat(out.sent).endsWith(new Cancel("c1"));
    }

    @Test
    void cancellingWhileRingingEndsTheCallAndStopsTheRinging() throws IOException {
        call.place();
        call.heard(new Ringing("c1"));
        call.cancel();
        assertThatThrownBy(() -> call.heard(new CallCancelled("c1", OutgoingCall.YOU_CANCELLED)))
                .isInstanceOf(CallFailedException.class).hasMessage("you cancelled the call");
        assertThat(call.state()).isEqualTo(new Ended("you cancelled the call"));
        assertThat(out.sent).containsExactly(new CallRequest("c1", "bob"), new Cancel("c1"));
    }

    @Test
    void anInterruptWhileWaitingStopsTheRinging() throws IOException {
        call.place();
        call.heard(new Ringing("c1"));
        call.interrupted();
        assertThat(call.state()).isEqualTo(new Ended("interrupted"));
        assertThat(out.sent).endsWith(new Cancel("c1"));
    }

    @Test
    void aRejectionOrFailureEndsTheCallWithoutACancel() throws IOException {
        assertEndsWith(new CallRejected("c1", true), "bob is busy", false);
        assertEndsWith(new CallRejected("c1", false), "bob rejected the call", true);
        assertEndsWith(new CallFailed("c1", "bob is offline"), "bob is offline", false);
        assertEndsWith(new CallFailed("c1", null), "call failed", true);
    }

    private void assertEndsWith(connectivity.call.wire.RendezvousMessage m, String reason, boolean afterRinging) throws IOException {
        Recorded said = new Recorded();
        OutgoingCall c = new OutgoingCall("c1", "bob", ANSWER, clock, said, said, a -> plan);
        c.place();
        if (afterRinging) c.heard(new Ringing("c1"));
        assertThatThrownBy(() -> c.heard(m)).isInstanceOf(CallFailedException.class).hasMessage(reason);
        assertThat(c.state()).isEqualTo(new Ended(reason));
        assertThat(said.sent).containsExactly(new CallRequest("c1", "bob"));
    }

    @Test
    void anAcceptanceStraightFromDialingConnectsOnTheFirstPath() throws IOException {
        call.place();
        call.heard(ACCEPTED);
        assertThat(call.state()).isEqualTo(new Connecting("direct"));
        assertThat(call.awaitingAnswer()).isFalse();
        assertThat(call.peerKey()).containsExactly(7);
    }

    @Test
    void pathsAreTriedInOrderAndTheFirstChannelMakesTheCall() throws IOException {
        call.place();
        call.heard(new Ringing("c1"));
        call.heard(ACCEPTED);
        assertThat(call.nextAttempt().path()).isEqualTo("direct");
        call.attemptFailed(new IOException("connection refused"));
        assertThat(call.state()).isEqualTo(new Connecting("relay"));
        assertThat(call.nextAttempt().path()).isEqualTo("relay");
        assertThat(call.connected()).isEqualTo("relay");
        assertThat(call.state()).isEqualTo(new InCall("relay"));
        assertThat(out.sent).endsWith(new Connected("c1", "relay"));
        assertThat(out.said).containsExactly("progress ringing bob", "progress trying direct path", "progress direct: connection refused",
                "progress trying relay path");
        call.callEnded("bob hung up");
        assertThat(call.state()).isEqualTo(new Ended("bob hung up"));
    }

    @Test
    void whenEveryPathFailsTheRendezvousHearsWhy() throws IOException {
        call.place();
        call.heard(ACCEPTED);
        call.nextAttempt();
        call.attemptFailed(new IOException("refused"));
        call.nextAttempt();
        assertThatThrownBy(() -> call.attemptFailed(new IOException("relay is full")))
                .isInstanceOf(CallFailedException.class).hasMessage("no path worked (direct: refused; relay: relay is full)");
        assertThat(call.state()).isEqualTo(new Ended("no path worked (direct: refused; relay: relay is full)"));
        assertThat(out.sent).endsWith(new Failed("c1", "no path worked (direct: refused; relay: relay is full)"));
    }

    @Test
    void withNoPathAtAllTheCallFailsAtOnce() throws IOException {
        plan = List.of();
        call.place();
        assertThatThrownBy(() -> call.heard(ACCEPTED)).isInstanceOf(CallFailedException.class).hasMessage(OutgoingCall.NO_PATH);
        assertThat(call.state()).isEqualTo(new Ended(OutgoingCall.NO_PATH));
        assertThat(out.sent).endsWith(new Failed("c1", OutgoingCall.NO_PATH));
    }

    @Test
    void cancellingWhileConnectingStopsBeforeTheNextPath() throws IOException {
        call.place();
        call.heard(ACCEPTED);
        call.nextAttempt();
        call.attemptFailed(new IOException("refused"));
        call.cancel();
        assertThatThrownBy(call::nextAttempt).isInstanceOf(CallFailedException.class).hasMessage("you cancelled the call");
        assertThat(call.state()).isEqualTo(new Ended("you cancelled the call"));
        assertThat(out.sent).endsWith(new Cancel("c1"));
    }

    @Test
    void aRendezvousThatCannotBeReachedEndsTheDial() {
        out.rendezvousDown = true;
        assertThatThrownBy(call::place).isNotInstanceOf(CallFailedException.class).hasMessage("not connected to the rendezvous");
        assertThat(call.state()).isEqualTo(new Ended("not connected to the rendezvous"));
    }

    @Test
    void anUnexpectedMessageOrABadAddressIsAProtocolError() throws IOException {
        call.place();
        assertThatThrownBy(() -> call.heard(new Who())).isInstanceOf(CallProtocolException.class).hasMessage("unexpected WHO");
        assertThat(call.state()).isInstanceOf(Ended.class);
        OutgoingCall bad = new OutgoingCall("c2", "bob", ANSWER, clock, out, out, a -> {
            throw new CallProtocolException("bad port in x:y");
        });
        bad.place();
        assertThatThrownBy(() -> bad.heard(ACCEPTED)).isInstanceOf(CallProtocolException.class);
        assertThat(bad.state()).isEqualTo(new Ended("bad port in x:y"));
    }

    @Test
    void illegalStepsAreRefused() throws IOException {
        // DIALING: no path to try, no channel to have
        assertThatThrownBy(call::nextAttempt).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(call::connected).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> call.callEnded("x")).isInstanceOf(IllegalStateException.class);
        call.place();
        assertThatThrownBy(call::place).isInstanceOf(IllegalStateException.class);
        call.heard(new Ringing("c1"));
        // RINGING: not yet connecting, not yet in a call
        assertThatThrownBy(() -> call.attemptFailed(new IOException("x"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(call::connected).isInstanceOf(IllegalStateException.class);
        call.heard(ACCEPTED);
        // CONNECTING: the rendezvous's answer is past, there is no wait to expire
        assertThatThrownBy(() -> call.heard(new Ringing("c1"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> call.heard(ACCEPTED)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(call::waitExpired).isInstanceOf(IllegalStateException.class);
        assertThat(call.state()).isEqualTo(new Connecting("direct"));
        call.nextAttempt();
        call.connected();
        // IN_CALL: only the end
        assertThatThrownBy(call::nextAttempt).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(call::connected).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> call.heard(new Ringing("c1"))).isInstanceOf(IllegalStateException.class);
        call.callEnded("hung up");
        // ENDED: nothing
        assertThatThrownBy(() -> call.callEnded("again")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> call.heard(new Ringing("c1"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(call::nextAttempt).isInstanceOf(IllegalStateException.class);
        assertThat(call.state()).isEqualTo(new Ended("hung up"));
        List<Object> afterEnd = new ArrayList<>(out.sent);
        call.interrupted(); // nothing to cancel any more
        assertThat(out.sent).isEqualTo(afterEnd);
    }

    private static ConnectAttempt attempt(String path) {
        return new ConnectAttempt() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public String describe() {
                return path + " path";
            }

            @Override
            public SecureChannel connect(DialContext ctx) {
                throw new AssertionError("the state machine never connects");
            }
        };
    }
}
