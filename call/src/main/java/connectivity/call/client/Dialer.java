package connectivity.call.client;

import connectivity.call.crypto.Identity;
import connectivity.call.crypto.SecureChannel;
import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.RendezvousMessage;
import connectivity.call.wire.RendezvousMessage.CallAccepted;
import connectivity.call.wire.RendezvousMessage.CallCancelled;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import connectivity.call.wire.RendezvousMessage.Cancel;
import connectivity.call.wire.RendezvousMessage.RelayRequest;
import connectivity.call.wire.RendezvousMessage.RelayToken;
import connectivity.call.wire.RendezvousMessage.Reverse;
import connectivity.net.support.Interrupted;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Places calls: one {@link OutgoingCall} per dial, fed from a queue that the rendezvous session (and a
 * cancel) fill, and the blocking work its states call for: waiting for the answer, then running the planned
 * {@link ConnectAttempt}s, each given a {@link DialContext} that can ask the rendezvous for a relay token or
 * a reverse connection for this call only.
 */
final class Dialer implements RendezvousSession.Outgoing {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration RELAY_TOKEN_WAIT = Duration.ofSeconds(10);

    /** A call being placed and what the rendezvous said about it, not yet read. */
    private record Dial(OutgoingCall call, BlockingQueue<RendezvousMessage> inbox) {}

    private final CallClientConfig config;
    private final Identity identity;
    private final ClientEvents events;
    private final Signalling rendezvous;
    private final CallListener listener;
    private final ActiveCalls calls;
    private final Supplier<String> busyWith;
    private final Clock clock;
    private final Map<String, Dial> dials = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    /** {@code busyWith} names what keeps the client from placing a call ("in a call with bob"), or gives null. */
    Dialer(CallClientConfig config, Identity identity, ClientEvents events, Signalling rendezvous, CallListener listener,
            ActiveCalls calls, Supplier<String> busyWith, Clock clock) {
        this.config = config;
        this.identity = identity;
        this.events = events;
        this.rendezvous = rendezvous;
        this.listener = listener;
        this.calls = calls;
        this.busyWith = busyWith;
        this.clock = clock;
    }

    /** Calls {@code peer}; returns the established call or throws saying why not. */
    Call dial(String peer) throws IOException {
        long started = System.nanoTime();
        String callId = HexFormat.of().formatHex(randomBytes(12));
        Dial d = new Dial(new OutgoingCall(callId, peer, config.answerTimeout(), clock, rendezvous, events, this::plan),
                new LinkedBlockingQueue<>());
        synchronized (lock) {
            String busy = busyWith.get();
            if (busy != null) throw new CallFailedException("already " + busy);
            dials.put(callId, d);
        }
        OutgoingCall call = d.call();
        try {
            call.place();
            while (call.awaitingAnswer()) {
                RendezvousMessage m = poll(d, call.untilDeadline(), call);
                if (m == null) call.waitExpired();
                else call.heard(m);
            }
            DialContext ctx = new DialContext(callId, peer, call.peerKey(), identity, config.name(),
                    config.connectTimeout(), config.answerTimeout(), favours(d));
            while (true) {
                ConnectAttempt attempt = call.nextAttempt();
                SecureChannel channel;
                try {
                    channel = attempt.connect(ctx);
                } catch (IOException e) {
                    call.attemptFailed(e); // throws once no path is left
                    continue;
                }
                return run(call, channel, Duration.ofNanos(System.nanoTime() - started));
            }
        } finally {
            dials.remove(callId, d);
        }
    }

    private Call run(OutgoingCall outgoing, SecureChannel channel, Duration setup) {
        String path = outgoing.connected();
        Call call = new Call(outgoing.id(), outgoing.peer(), path, true, channel, events, config.saveTo(),
                config.callPingInterval());
        call.setupTime(setup);
        call.peerKey(outgoing.peerKey());
        calls.add(call);
        events.connected(call);
        Thread.ofVirtual().name("call-" + outgoing.id()).start(() -> {
            call.run();
            calls.remove(call);
            outgoing.callEnded(call.endReason());
        });
        return call;
    }

    /** The strategies, in order of preference, given what the rendezvous said about the callee. */
    List<ConnectAttempt> plan(CallAccepted accepted) throws CallProtocolException {
        List<ConnectAttempt> attempts = new ArrayList<>();
        List<InetSocketAddress> direct = new ArrayList<>();
        if (accepted.sameNat()) direct.addAll(Addresses.parseAll(accepted.lan()));
        if (accepted.reachable()) {
            InetSocketAddress pub = Addresses.parse(accepted.publicAddress());
            if (!direct.contains(pub)) direct.add(pub);
        }
        if (!direct.isEmpty()) attempts.add(new DirectAttempt(direct));
        if (accepted.youReachable() && !config.unreachable()) attempts.add(new ReverseAttempt());
        if (config.relay() != null) attempts.add(new RelayAttempt(config.relay()));
        return attempts;
    }

    /** What the attempts of one dial may ask for, bound to its call id and its inbox. */
    private DialContext.Favours favours(Dial d) {
        String callId = d.call().id();
        return new DialContext.Favours() {
            @Override
            public String relayToken(InetSocketAddress relay) throws IOException {
                rendezvous.send(new RelayRequest(callId, Addresses.format(relay)));
                RendezvousMessage m = poll(d, RELAY_TOKEN_WAIT, null);
                if (m == null) throw new CallFailedException("the rendezvous issued no relay token");
                return switch (m) {
                    case CallFailed f -> throw new IOException(f.reason() != null ? f.reason() : "no relay token");
                    case CallCancelled c -> throw new CallFailedException(c.reason());
                    case RelayToken t -> t.token();
                    default -> throw new CallProtocolException("unexpected " + ProtocolCodec.typeName(m));
                };
            }

            @Override
            public SecureChannel reverse() throws IOException {
                return listener.awaitReverse(callId, d.call().peerKey(), () -> rendezvous.send(new Reverse(callId)));
            }
        };
    }

    /** The next message for the dial, or null after {@code timeout}; an interrupt ends the dial (and its ringing). */
    private static RendezvousMessage poll(Dial d, Duration timeout, OutgoingCall onInterrupt) throws IOException {
        try {
            return d.inbox().poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            if (onInterrupt != null) onInterrupt.interrupted();
            throw Interrupted.io(e);
        }
    }

    @Override
    public boolean deliver(String callId, RendezvousMessage m) {
        Dial d = dials.get(callId);
        if (d == null) return false;
        d.inbox().add(m);
        return true;
    }

    @Override
    public void failAll(String reason) {
        for (Dial d : dials.values()) d.inbox().add(new CallFailed(d.call().id(), reason));
    }

    /**
     * Gives up on the calls being placed: one still ringing fails at once with "you cancelled the call"
     * and the callee stops ringing; one already trying paths stops before the next.
     *
     * @return whether anything was being dialed
     */
    boolean cancelAll() {
        boolean any = false;
        for (Dial d : dials.values()) {
            d.call().cancel();
            d.inbox().add(new CallCancelled(d.call().id(), OutgoingCall.YOU_CANCELLED));
            any = true;
        }
        return any;
    }

    /** Closing: CANCEL said on the still-open rendezvous connection, so the callee hears "cancelled", not "went offline". */
    void closeAll() {
        for (Dial d : dials.values()) rendezvous.sendQuietly(new Cancel(d.call().id()));
        cancelAll();
    }

    /** "calling bob" while a dial is in progress, or null. */
    String busyWith() {
        for (Dial d : dials.values()) return "calling " + d.call().peer();
        return null;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
