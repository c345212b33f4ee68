package connectivity.call.client;

import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.RendezvousMessage;
import connectivity.call.wire.RendezvousMessage.CallAccepted;
import connectivity.call.wire.RendezvousMessage.CallCancelled;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import connectivity.call.wire.RendezvousMessage.CallRejected;
import connectivity.call.wire.RendezvousMessage.CallRequest;
import connectivity.call.wire.RendezvousMessage.Cancel;
import connectivity.call.wire.RendezvousMessage.Connected;
import connectivity.call.wire.RendezvousMessage.Failed;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One call we place, as a state machine without sockets: it is told what the rendezvous said, when a
 * wait ran out and how each path went, and it decides the next state, what the rendezvous is told (CALL,
 * CANCEL, CONNECTED, FAILED) and what the user reads. {@link Dialer} does the waiting and the connecting.
 *
 * <pre>
 * DIALING --RINGING--> RINGING --RINGING--> RINGING (the answer deadline starts again)
 * DIALING | RINGING --CALL_ACCEPTED--> CONNECTING(first path) --next path--> CONNECTING(path)
 * CONNECTING(path) --a channel--> IN_CALL(path) --the call ends--> ENDED
 * any state but IN_CALL and ENDED --refused, failed, timed out, cancelled, no path left--> ENDED
 * </pre>
 * Every change goes through {@link #to}, which refuses any other; a caller giving up before the callee
 * answered (timeout, {@link #cancel()}, an interrupt) sends CANCEL, so the callee stops ringing.
 */
final class OutgoingCall {
    /** How long the rendezvous may take to say RINGING (or why not) after our CALL. */
    static final Duration RENDEZVOUS_REPLY = Duration.ofSeconds(10);
    static final String NO_PATH = "no path: neither side is reachable and no relay was given (--relay)";
    static final String YOU_CANCELLED = "you cancelled the call";

    sealed interface State permits Dialing, Ringing, Connecting, InCall, Ended {}

    /** CALL sent; waiting for the rendezvous to say the callee rings. */
    record Dialing() implements State {}

    record Ringing() implements State {}

    /** The callee accepted; trying {@code path}. */
    record Connecting(String path) implements State {}

    record InCall(String path) implements State {}

    record Ended(String reason) implements State {}

    /** The paths worth trying once the callee accepted, best first. */
    @FunctionalInterface
    interface Planner {
        List<ConnectAttempt> plan(CallAccepted accepted) throws CallProtocolException;
    }

    private final String id;
    private final String peer;
    private final Duration answerTimeout;
    private final Clock clock;
    private final Signalling rendezvous;
    private final ClientEvents events;
    private final Planner planner;
    private final List<String> failures = new ArrayList<>();
    private volatile State state = new Dialing();
    private volatile boolean cancelRequested;
    private Instant deadline;
    private CallAccepted accepted;
    private List<ConnectAttempt> plan = List.of();
    private int attempt;

    OutgoingCall(String id, String peer, Duration answerTimeout, Clock clock, Signalling rendezvous, ClientEvents events,
            Planner planner) {
        this.id = id;
        this.peer = peer;
        this.answerTimeout = answerTimeout;
        this.clock = clock;
        this.rendezvous = rendezvous;
        this.events = events;
        this.planner = planner;
    }

    String id() {
        return id;
    }

    String peer() {
        return peer;
    }

    State state() {
        return state;
    }

    /** The callee's key, vouched for by the rendezvous; known once the callee accepted. */
    byte[] peerKey() {
        return accepted.key();
    }

    /** Whether the rendezvous still has to tell us how the call goes (DIALING or RINGING). */
    boolean awaitingAnswer() {
        return state instanceof Dialing || state instanceof Ringing;
    }

    /** Asks the rendezvous to ring the callee; throws if it cannot be reached. */
    void place() throws IOException {
        requireState(Dialing.class, "place");
        if (deadline != null) throw new IllegalStateException("call " + id + " is already placed");
        deadline = clock.instant().plus(RENDEZVOUS_REPLY);
        try {
            rendezvous.send(new CallRequest(id, peer));
        } catch (IOException e) {
            to(new Ended(e.getMessage()));
            throw e;
        }
    }

    /** How long to wait for the rendezvous's next word before {@link #waitExpired()}. */
    Duration untilDeadline() {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * What the rendezvous said while we wait for the answer (or our own {@link #cancel()}, queued beside
     * it). Throws saying why the call will not happen; after CALL_ACCEPTED the state is CONNECTING.
     */
    void heard(RendezvousMessage m) throws IOException {
        if (!awaitingAnswer()) throw new IllegalStateException("heard " + ProtocolCodec.typeName(m) + " while " + state);
        switch (m) {
            case RendezvousMessage.Ringing r -> {
                boolean first = state instanceof Dialing;
                to(new Ringing());
                deadline = clock.instant().plus(answerTimeout);
                if (first) events.progress(id, "ringing " + peer);
            }
            case CallCancelled c -> giveUp(c.reason());
            case CallRejected r -> fail(r.busy() ? peer + " is busy" : peer + " rejected the call");
            case CallFailed f -> fail(f.reason() != null ? f.reason() : "call failed");
            case CallAccepted a -> accepted(a);
            default -> {
                String why = "unexpected " + ProtocolCodec.typeName(m);
                to(new Ended(why));
                throw new CallProtocolException(why);
            }
        }
    }

    /** The wait for the rendezvous ran out; throws once the deadline has really passed. */
    void waitExpired() throws CallFailedException {
        if (!awaitingAnswer()) throw new IllegalStateException("no wait to expire in " + state);
        if (clock.instant().isBefore(deadline)) return;
        giveUp(state instanceof Dialing ? "the rendezvous did not answer"
                : peer + " did not answer within " + answerTimeout.toSeconds() + " s");
    }

    /** The dialing thread was interrupted while waiting; the callee must stop ringing. */
    void interrupted() {
        if (!awaitingAnswer()) return;
        rendezvous.sendQuietly(new Cancel(id));
        to(new Ended("interrupted"));
    }

    /** The user gave up: takes effect at the next step (the queued CALL_CANCELLED, or before the next path). */
    void cancel() {
        cancelRequested = true;
    }

    /** The path to try now; throws if the user cancelled meanwhile. */
    ConnectAttempt nextAttempt() throws CallFailedException {
        requireState(Connecting.class, "try a path");
        if (cancelRequested) giveUp(YOU_CANCELLED);
        ConnectAttempt a = plan.get(attempt);
        to(new Connecting(a.path()));
        events.progress(id, "trying " + a.describe());
        return a;
    }

    /** The current path failed; throws with every path's failure once none is left. */
    void attemptFailed(IOException e) throws IOException {
        requireState(Connecting.class, "fail a path");
        String why = plan.get(attempt).path() + ": " + e.getMessage();
        failures.add(why);
        events.progress(id, why);
        attempt++;
        if (attempt < plan.size()) {
            to(new Connecting(plan.get(attempt).path()));
            return;
        }
        String reason = "no path worked (" + String.join("; ", failures) + ")";
        rendezvous.sendQuietly(new Failed(id, reason));
        fail(reason);
    }

    /** The current path gave us an authenticated channel; returns the path's name. */
    String connected() {
        if (!(state instanceof Connecting(String path))) throw new IllegalStateException("connected while " + state);
        to(new InCall(path));
        rendezvous.sendQuietly(new Connected(id, path));
        return path;
    }

    /** The established call ended. */
    void callEnded(String reason) {
        requireState(InCall.class, "end a call");
        to(new Ended(reason));
    }

    private void accepted(CallAccepted a) throws IOException {
        List<ConnectAttempt> attempts;
        try {
            attempts = planner.plan(a);
        } catch (CallProtocolException e) {
            to(new Ended(e.getMessage()));
            throw e;
        }
        if (attempts.isEmpty()) {
            rendezvous.sendQuietly(new Failed(id, NO_PATH));
            fail(NO_PATH);
        }
        accepted = a;
        plan = List.copyOf(attempts);
        to(new Connecting(plan.get(0).path()));
    }

    /** We give up before the call is up: the callee must stop ringing. */
    private void giveUp(String reason) throws CallFailedException {
        rendezvous.sendQuietly(new Cancel(id));
        fail(reason);
    }

    private void fail(String reason) throws CallFailedException {
        to(new Ended(reason));
        throw new CallFailedException(reason);
    }

    private void requireState(Class<? extends State> expected, String what) {
        if (!expected.isInstance(state)) throw new IllegalStateException("cannot " + what + " while " + state);
    }

    /** The one place the state changes; anything but the transitions drawn above is a bug and refused. */
    private synchronized void to(State next) {
        State now = state;
        boolean legal = switch (now) {
            case Dialing d -> next instanceof Ringing || next instanceof Connecting || next instanceof Ended;
            case Ringing r -> next instanceof Ringing || next instanceof Connecting || next instanceof Ended;
            case Connecting c -> next instanceof Connecting || next instanceof InCall || next instanceof Ended;
            case InCall c -> next instanceof Ended;
            case Ended e -> false;
        };
        if (!legal) throw new IllegalStateException("call " + id + ": " + now + " -> " + next + " is not a legal transition");
        state = next;
    }
}
