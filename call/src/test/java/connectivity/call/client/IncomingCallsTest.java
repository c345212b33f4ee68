package connectivity.call.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.call.wire.RendezvousMessage.Answer;
import connectivity.call.wire.RendezvousMessage.CallCancelled;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import connectivity.call.wire.RendezvousMessage.ConnectTo;
import connectivity.call.wire.RendezvousMessage.Incoming;
import connectivity.call.wire.RendezvousMessage.RelayToken;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calls offered to us, without a socket: ringing, answering, the first path winning, cancels, the cap, the answer timeout. */
class IncomingCallsTest {
    static final Duration ANSWER = Duration.ofSeconds(30);

    final Recorded out = new Recorded();
    final List<Duration> timerDelays = new ArrayList<>();
    final List<Runnable> timerTasks = new ArrayList<>();
    final List<String> arrivals = new ArrayList<>();
    String busy;
    final IncomingCalls calls = new IncomingCalls(2, ANSWER, out, out, () -> busy, (delay, task) -> {
        timerDelays.add(delay);
        timerTasks.add(task);
    });

    {
        calls.arriveThrough(new IncomingCalls.Arrivals() {
            @Override
            public void connectBack(IncomingCall call, List<String> addresses) {
                arrivals.add("reverse " + call.id() + " " + addresses);
            }

            @Override
            public void joinRelay(IncomingCall call, RelayToken token) {
                arrivals.add("relay " + call.id() + " " + token.token());
            }
        });
    }

    IncomingCall offer(String id, String from) throws IOException {
        calls.offered(new Incoming(id, from, new byte[] {1}));
        return calls.get(id);
    }

    @Test
    void anOfferRingsUntilAccepted() throws IOException {
        IncomingCall call = offer("c1", "alice");
        assertThat(out.rang).containsExactly(call);
        assertThat(calls.ringing()).containsExactly(call);
        assertThat(calls.busyWith()).isNull(); // ringing is not busy yet
        call.accept();
        assertThat(out.sent).containsExactly(new Answer("c1", true, false));
        assertThat(calls.ringing()).containsExactly(call); // until a path arrives
        assertThat(calls.busyWith()).isEqualTo("answering alice");
        call.accept(); // answered once only
        assertThat(out.sent).hasSize(1);
    }

    @Test
    void aRejectedCallStopsRinging() throws IOException {
        IncomingCall call = offer("c1", "alice");
        call.reject();
        assertThat(out.sent).containsExactly(new Answer("c1", false, false));
        assertThat(calls.ringing()).isEmpty();
        timerTasks.forEach(Runnable::run); // the ring timeout finds it gone: no news
        assertThat(out.said).containsExactly("incoming alice");
    }

    @Test
    void anUnansweredCallWhoseCancelNeverArrivesStopsRingingAfterTwiceTheAnswerTimeout() throws IOException {
        IncomingCall call = offer("c1", "alice");
        assertThat(timerDelays).containsExactly(ANSWER.multipliedBy(2));
        timerTasks.get(0).run();
        assertThat(out.said).endsWith("cancelled the call from alice stopped ringing (no word of it for 60 s)");
        assertThat(calls.ringing()).isEmpty();
        assertThatThrownBy(call::accept).isInstanceOf(CallFailedException.class);
        assertThat(out.sent).isEmpty();
    }

    @Test
    void theFirstPathToArriveWinsAndLaterOnesLose() throws IOException {
        IncomingCall call = offer("c1", "alice");
        call.accept();
        assertThat(calls.claim(call)).isTrue();
        assertThat(calls.claim(call)).isFalse();
        calls.established(call);
        assertThat(calls.ringing()).isEmpty();
        assertThat(calls.claim(call)).isFalse();
        timerTasks.forEach(Runnable::run); // the answer timeout finds the call up: nothing to report
        assertThat(out.said).containsExactly("incoming alice");
    }

    @Test
    void reverseAndRelayRequestsGoToTheRingingCallOnly() throws IOException {
        offer("c1", "alice").accept();
        calls.connectTo(new ConnectTo("c1", List.of("127.0.0.1:4000")));
        calls.relayToken(new RelayToken("c1", "127.0.0.1:5000", "tok"));
        calls.connectTo(new ConnectTo("nope", List.of("127.0.0.1:4000")));
        calls.relayToken(new RelayToken("nope", "127.0.0.1:5000", "tok"));
        assertThat(arrivals).containsExactly("reverse c1 [127.0.0.1:4000]", "relay c1 tok");
    }

    @Test
    void aCancelledCallStopsRingingAndCannotBeAnsweredOrClaimed() throws IOException {
        IncomingCall call = offer("c1", "alice");
        IncomingCall other = offer("c2", "carol");
        calls.cancelled(new CallCancelled("c1", null));
        calls.cancelled(new CallCancelled("c2", "carol went away"));
        assertThat(out.said).endsWith("cancelled alice cancelled the call", "cancelled carol went away");
        assertThat(calls.ringing()).isEmpty();
        assertThatThrownBy(call::accept).isInstanceOf(CallFailedException.class)
                .hasMessage("the call from alice is no longer ringing");
        assertThat(calls.claim(other)).isFalse();
        calls.cancelled(new CallCancelled("c1", null)); // a second cancel is no news
        assertThat(out.said).hasSize(4);
    }

    @Test
    void aFailedCallStopsRinging() throws IOException {
        offer("c1", "alice");
        calls.failed(new CallFailed("c1", null));
        assertThat(out.said).endsWith("failed call failed");
        assertThat(calls.ringing()).isEmpty();
    }

    @Test
    void anAcceptedCallWhosePathNeverArrivesIsGivenUpAfterTwiceTheAnswerTimeout() throws IOException {
        IncomingCall call = offer("c1", "alice");
        call.accept();
        assertThat(timerDelays).containsExactly(ANSWER.multipliedBy(2), ANSWER.multipliedBy(2)); // ringing, connecting
        timerTasks.get(0).run(); // the ring timeout: answered, so not its business
        assertThat(calls.ringing()).containsExactly(call);
        timerTasks.get(1).run();
        assertThat(out.said).endsWith("failed no connection from alice arrived");
        assertThat(calls.ringing()).isEmpty();
        assertThat(calls.claim(call)).isFalse(); // a late path loses
    }

    @Test
    void aBusyClientRefusesOffersAsBusy() throws IOException {
        busy = "in a call with bob";
        assertThat(offer("c1", "alice")).isNull();
        assertThat(out.sent).containsExactly(new Answer("c1", false, true));
        assertThat(out.said).containsExactly("busy alice: in a call with bob");
        assertThat(out.rang).isEmpty();
    }

    @Test
    void atMostMaxRingingCallsRingAtOnce() throws IOException {
        offer("c1", "alice");
        offer("c2", "carol");
        assertThat(offer("c3", "dave")).isNull();
        assertThat(out.sent).containsExactly(new Answer("c3", false, true));
        assertThat(out.said).endsWith("busy dave: ringing with 2 calls");
        calls.cancelled(new CallCancelled("c1", null));
        assertThat(offer("c4", "erin")).isNotNull(); // room again
        assertThat(calls.ringing()).hasSize(2);
    }
}
