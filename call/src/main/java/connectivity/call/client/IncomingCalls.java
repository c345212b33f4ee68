package connectivity.call.client;

import connectivity.call.wire.RendezvousMessage.Answer;
import connectivity.call.wire.RendezvousMessage.CallCancelled;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import connectivity.call.wire.RendezvousMessage.ConnectTo;
import connectivity.call.wire.RendezvousMessage.Incoming;
import connectivity.call.wire.RendezvousMessage.RelayToken;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The calls offered to us, without sockets: each rings until it is rejected, cancelled by its caller,
 * failed by the rendezvous or, once accepted, until the first of its paths (direct, reverse, relay) gets
 * through its handshake ({@link #claim}); an accepted call whose transport never arrives, and an unanswered one
 * whose cancel never arrives, are given up after twice the answer timeout. At most {@code maxRinging} ring at once; past that, and while the client is busy,
 * a new offer is refused as busy. How a path arrives is {@link Arrivals}' business.
 */
final class IncomingCalls {
    /** The transports an accepted call may arrive on that need us to connect out. */
    interface Arrivals {
        /** The rendezvous asks us, the callee, to connect to the caller (reverse path). */
        void connectBack(IncomingCall call, List<String> addresses);

        /** The rendezvous gave us a relay token for the call (relay path). */
        void joinRelay(IncomingCall call, RelayToken token);
    }

    /** Runs a task once after a delay; a manual one in tests. */
    @FunctionalInterface
    interface Timer {
        void after(Duration delay, Runnable task);

        /** A parked virtual thread per task: few tasks, each waiting long. */
        static Timer virtualThreads() {
            return (delay, task) -> Thread.ofVirtual().name("answer-timeout").start(() -> {
                LockSupport.parkNanos(delay.toNanos()); // a timer, not test synchronisation
                task.run();
            });
        }
    }

    private final Map<String, IncomingCall> ringing = new ConcurrentHashMap<>();
    private final int maxRinging;
    private final Duration answerTimeout;
    private final Signalling rendezvous;
    private final ClientEvents events;
    private final Supplier<String> busyWith;
    private final Timer timer;
    private volatile Arrivals arrivals;

    /** {@code busyWith} names what keeps the client from taking a call ("in a call with bob"), or gives null. */
    IncomingCalls(int maxRinging, Duration answerTimeout, Signalling rendezvous, ClientEvents events,
            Supplier<String> busyWith, Timer timer) {
        this.maxRinging = maxRinging;
        this.answerTimeout = answerTimeout;
        this.rendezvous = rendezvous;
        this.events = events;
        this.busyWith = busyWith;
        this.timer = timer;
    }

    /** Where reverse and relay connections are made; set once, before the rendezvous can offer calls. */
    void arriveThrough(Arrivals a) {
        arrivals = a;
    }

    /** The rendezvous offers a call: it rings, or is refused as busy. */
    void offered(Incoming m) throws IOException {
        IncomingCall call = new IncomingCall(m.call(), m.from(), m.key(), this);
        String busy = busyWith.get();
        if (busy == null && ringing.size() >= maxRinging) busy = "ringing with " + maxRinging + " calls";
        if (busy != null) {
            rendezvous.send(new Answer(call.id(), false, true));
            events.refusedAsBusy(call.from(), busy);
            return;
        }
        ringing.put(call.id(), call);
        events.incoming(call);
        // The caller gives up after one answer timeout and the rendezvous tells us; if that word is lost (the
        // rendezvous died, or we moved to another instance), the call must still stop ringing some time.
        timer.after(answerTimeout.multipliedBy(2), () -> {
            if (!call.accepted() && ringing.remove(call.id(), call)) {
                events.cancelled(call.id(), "the call from " + call.from() + " stopped ringing (no word of it for "
                        + answerTimeout.multipliedBy(2).toSeconds() + " s)");
            }
        });
    }

    /** The user's answer; throws if the call no longer rings. */
    void answer(IncomingCall call, boolean accept) throws IOException {
        if (ringing.get(call.id()) != call) throw new CallFailedException("the call from " + call.from() + " is no longer ringing");
        if (!accept) ringing.remove(call.id(), call);
        rendezvous.send(new Answer(call.id(), accept, false));
        if (accept) {
            timer.after(answerTimeout.multipliedBy(2), () -> {
                if (!call.isEstablished() && ringing.remove(call.id(), call)) {
                    events.callFailed(call.id(), "no connection from " + call.from() + " arrived");
                }
            });
        }
    }

    /** The caller gave up on it. */
    void cancelled(CallCancelled m) {
        IncomingCall call = ringing.remove(m.call());
        if (call != null && !call.isEstablished()) {
            events.cancelled(call.id(), m.reason() != null ? m.reason() : call.from() + " cancelled the call");
        }
    }

    /** The rendezvous gave up on it (the caller went offline, no path worked). */
    void failed(CallFailed m) {
        IncomingCall call = ringing.remove(m.call());
        if (call != null && !call.isEstablished()) events.callFailed(call.id(), m.reason() != null ? m.reason() : "call failed");
    }

    void connectTo(ConnectTo m) {
        IncomingCall call = ringing.get(m.call());
        if (call != null) arrivals.connectBack(call, m.addresses());
    }

    void relayToken(RelayToken m) {
        IncomingCall call = ringing.get(m.call());
        if (call != null) arrivals.joinRelay(call, m);
    }

    /** The ringing call with this id (a caller reached our socket with it), or null. */
    IncomingCall get(String callId) {
        return ringing.get(callId);
    }

    /**
     * A path to {@code call} got through its handshake: true for the first, which becomes the call; later
     * ones lose and are dropped. A call no longer ringing (cancelled, failed, given up) takes none.
     */
    boolean claim(IncomingCall call) {
        return ringing.get(call.id()) == call && call.claim();
    }

    /** The claimed call is up (and already counted among the active calls), so it stops ringing. */
    void established(IncomingCall call) {
        ringing.remove(call.id(), call);
    }

    /** Calls ringing here, not yet answered or accepted and still connecting. */
    List<IncomingCall> ringing() {
        return List.copyOf(ringing.values());
    }

    /** "answering alice" while an accepted call is still connecting, or null. */
    String busyWith() {
        for (IncomingCall c : ringing.values()) if (c.accepted()) return "answering " + c.from();
        return null;
    }
}
