package connectivity.call.client;

import connectivity.call.crypto.Identity;
import connectivity.call.wire.CallProtocolException;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A calling client, wired from its roles: the {@link RendezvousSession} (login, pings, reconnects, the
 * dispatch of what the rendezvous says), the {@link Dialer} placing each {@link OutgoingCall} through a list of
 * {@link ConnectAttempt}s, the {@link IncomingCalls} offered to us and answered by whichever path arrives
 * first ({@link Responder}), and the {@link CallListener} for the rendezvous's probe and direct and reverse
 * connections.
 */
public final class CallClient implements Closeable {
    /** Login was refused for a reason retrying will not fix (e.g. the name belongs to another key). */
    public static final class LoginRefusedException extends IOException {
        public LoginRefusedException(String message) {
            super(message);
        }
    }

    private final CallClientConfig config;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final ActiveCalls calls;
    private final RendezvousSession session;
    private final IncomingCalls incoming;
    private final CallListener listener;
    private final Dialer dialer;

    public CallClient(CallClientConfig config, Identity identity, ClientEvents events) {
        this.config = config;
        session = new RendezvousSession(config, identity, events);
        Upgrader upgrader = new Upgrader(config, identity, events, session);
        session.punchesTo(upgrader::punched);
        calls = new ActiveCalls(upgrader::consider);
        incoming = new IncomingCalls(config.maxRinging(), config.answerTimeout(), session, events, this::busyWith,
                IncomingCalls.Timer.virtualThreads());
        Responder responder = new Responder(config, identity, events, incoming, calls);
        incoming.arriveThrough(responder);
        listener = new CallListener(config, identity, incoming, responder, session::probeNonce);
        dialer = new Dialer(config, identity, events, session, listener, calls, this::busyWith, Clock.systemUTC());
        session.routeTo(dialer, incoming);
    }

    /** Starts listening and logs in; throws if the first login fails. */
    public CallClient start() throws IOException {
        listener.start();
        try {
            session.start(listener.port(), listener::lanAddresses);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return this;
    }

    public CallClientConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public boolean reachable() {
        return session.reachable();
    }

    public String seenAs() {
        return session.seenAs();
    }

    public int listenPort() {
        return listener.port();
    }

    public boolean loggedIn() {
        return session.loggedIn();
    }

    /** Calls ringing here, not yet answered or accepted and still connecting. */
    public List<IncomingCall> ringing() {
        return incoming.ringing();
    }

    public List<String> who() throws IOException {
        return session.who();
    }

    /**
     * Calls {@code peer} and returns the established call, or throws saying why not. If the caller
     * gives up while it rings (timeout, {@link #cancelDialing()}, {@link #close()}), the callee
     * stops ringing.
     */
    public Call dial(String peer) throws IOException {
        return dialer.dial(peer);
    }

    /**
     * Gives up on the calls being placed: a dial that is still ringing fails at once with "you
     * cancelled the call" and the callee stops ringing; one already trying paths stops before the next.
     *
     * @return whether anything was being dialed
     */
    public boolean cancelDialing() {
        return dialer.cancelAll();
    }

    /** What keeps this client from taking another call ("in a call with bob"), or null if nothing does. */
    private String busyWith() {
        if (!config.oneCallAtATime()) return null;
        String busy = calls.busyWith();
        if (busy == null) busy = dialer.busyWith();
        if (busy == null) busy = incoming.busyWith();
        return busy;
    }

    public static InetSocketAddress parse(String hostPort) throws CallProtocolException {
        return Addresses.parse(hostPort);
    }

    /** Hangs up any call, cancels any call being placed (the callee stops ringing) and logs out. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) return;
        dialer.closeAll();
        calls.hangupAll();
        session.close();
        listener.close();
    }
}
