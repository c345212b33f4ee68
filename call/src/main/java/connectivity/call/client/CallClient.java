package connectivity.call.client;

import connectivity.call.crypto.ChannelHandshake;
import connectivity.call.crypto.Identity;
import connectivity.call.crypto.SecureChannel;
import connectivity.call.wire.Frames;
import connectivity.call.wire.Labels;
import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.ListenerMessage;
import connectivity.call.wire.ListenerMessage.Probe;
import connectivity.call.wire.ListenerMessage.ProbeOk;
import connectivity.call.wire.ListenerMessage.Route;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.Refusal;
import connectivity.call.wire.RendezvousMessage;
import connectivity.call.wire.RendezvousMessage.Answer;
import connectivity.call.wire.RendezvousMessage.CallAccepted;
import connectivity.call.wire.RendezvousMessage.CallCancelled;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import connectivity.call.wire.RendezvousMessage.CallRejected;
import connectivity.call.wire.RendezvousMessage.CallRequest;
import connectivity.call.wire.RendezvousMessage.Cancel;
import connectivity.call.wire.RendezvousMessage.Challenge;
import connectivity.call.wire.RendezvousMessage.ConnectTo;
import connectivity.call.wire.RendezvousMessage.Connected;
import connectivity.call.wire.RendezvousMessage.Failed;
import connectivity.call.wire.RendezvousMessage.Incoming;
import connectivity.call.wire.RendezvousMessage.Login;
import connectivity.call.wire.RendezvousMessage.Pong;
import connectivity.call.wire.RendezvousMessage.RelayRequest;
import connectivity.call.wire.RendezvousMessage.RelayToken;
import connectivity.call.wire.RendezvousMessage.Reverse;
import connectivity.call.wire.RendezvousMessage.Ringing;
import connectivity.call.wire.RendezvousMessage.Welcome;
import connectivity.call.wire.RendezvousMessage.Who;
import connectivity.call.wire.RendezvousMessage.WhoList;
import connectivity.net.Connection;
import connectivity.net.Listener;
import connectivity.net.NetFailures;
import connectivity.net.support.Interrupted;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A calling client: logged in to the rendezvous over one long-lived connection (pinged, and
 * re-established with backoff if it drops), listening for direct and reverse connections and the
 * rendezvous's reachability probe, placing calls through a list of {@link ConnectAttempt}s and
 * answering calls by whichever path arrives first.
 *
 * <p>Still past 400 lines because its roles are not yet split (issue 10): the rendezvous session, the outgoing
 * call and its state, the incoming calls and the listener are the seams, in that order; split along them before
 * adding anything here.
 */
public final class CallClient implements Closeable {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * How the client runs; {@code relay} may be null. {@code callPingInterval} is the keep-alive
     * inside a call (a peer silent for two intervals ends it); with {@code oneCallAtATime} the
     * client refuses to dial while in a call or dialing, and refuses incoming calls as busy.
     */
    public record Options(String name, InetSocketAddress rendezvous, InetSocketAddress relay, InetSocketAddress listen,
            boolean unreachable, Duration pingInterval, Duration connectTimeout, Duration answerTimeout, Path saveTo,
            Duration callPingInterval, boolean oneCallAtATime) {
        public static final Duration DEFAULT_CALL_PING = Duration.ofSeconds(5);

        public static Options of(String name, InetSocketAddress rendezvous) {
            return new Options(name, rendezvous, null, new InetSocketAddress("0.0.0.0", 0), false,
                    Duration.ofSeconds(25), Duration.ofSeconds(5), Duration.ofSeconds(30), Path.of("."), DEFAULT_CALL_PING, true);
        }

        public Options withRelay(InetSocketAddress r) {
            return new Options(name, rendezvous, r, listen, unreachable, pingInterval, connectTimeout, answerTimeout, saveTo,
                    callPingInterval, oneCallAtATime);
        }

        public Options withListen(InetSocketAddress l) {
            return new Options(name, rendezvous, relay, l, unreachable, pingInterval, connectTimeout, answerTimeout, saveTo,
                    callPingInterval, oneCallAtATime);
        }

        public Options withUnreachable(boolean u) {
            return new Options(name, rendezvous, relay, listen, u, pingInterval, connectTimeout, answerTimeout, saveTo,
                    callPingInterval, oneCallAtATime);
        }

        public Options withPingInterval(Duration p) {
            return new Options(name, rendezvous, relay, listen, unreachable, p, connectTimeout, answerTimeout, saveTo,
                    callPingInterval, oneCallAtATime);
        }

        public Options withAnswerTimeout(Duration a) {
            return new Options(name, rendezvous, relay, listen, unreachable, pingInterval, connectTimeout, a, saveTo,
                    callPingInterval, oneCallAtATime);
        }

        public Options withSaveTo(Path s) {
            return new Options(name, rendezvous, relay, listen, unreachable, pingInterval, connectTimeout, answerTimeout, s,
                    callPingInterval, oneCallAtATime);
        }

        public Options withCallPingInterval(Duration c) {
            return new Options(name, rendezvous, relay, listen, unreachable, pingInterval, connectTimeout, answerTimeout, saveTo,
                    c, oneCallAtATime);
        }

        public Options withOneCallAtATime(boolean one) {
            return new Options(name, rendezvous, relay, listen, unreachable, pingInterval, connectTimeout, answerTimeout, saveTo,
                    callPingInterval, one);
        }
    }

    /** Login was refused for a reason retrying will not fix (e.g. the name belongs to another key). */
    public static final class LoginRefusedException extends IOException {
        public LoginRefusedException(String message) {
            super(message);
        }
    }

    private final Options options;
    private final Identity identity;
    private final ClientEvents events;
    private final Map<String, BlockingQueue<RendezvousMessage>> outgoing = new ConcurrentHashMap<>();
    private final Map<String, String> dialing = new ConcurrentHashMap<>(); // call id -> callee, while placing it
    private final Set<String> cancelledDials = ConcurrentHashMap.newKeySet();
    private final Object dialLock = new Object();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Map<String, CompletableFuture<SecureChannel>> reverseWaits = new ConcurrentHashMap<>();
    private final Map<String, IncomingCall> incoming = new ConcurrentHashMap<>();
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<WhoList>> whoWaits = new ConcurrentHashMap<>();
    private volatile MessageChannel rendezvous;
    private volatile String probeNonce = "";
    private volatile boolean reachable;
    private volatile String seenAs = "";
    private volatile boolean closed;
    private volatile Duration pingEvery;
    private Listener listener;
    private Thread session;

    public CallClient(Options options, Identity identity, ClientEvents events) {
        this.options = options;
        this.identity = identity;
        this.events = events;
        this.pingEvery = options.pingInterval();
    }

    /** Starts listening and logs in; throws if the first login fails. */
    public CallClient start() throws IOException {
        listener = Listener.start("call-listen", options.listen().getAddress(), options.listen().getPort(), this::accepted);
        try {
            login();
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        session = Thread.ofVirtual().name("rendezvous-" + options.name()).start(this::sessionLoop);
        Thread.ofVirtual().name("pinger-" + options.name()).start(this::pingLoop);
        return this;
    }

    public Options options() {
        return options;
    }

    Identity identity() {
        return identity;
    }

    public String name() {
        return options.name();
    }

    public boolean reachable() {
        return reachable;
    }

    public String seenAs() {
        return seenAs;
    }

    public int listenPort() {
        return listener.port();
    }

    public boolean loggedIn() {
        MessageChannel ch = rendezvous;
        return ch != null && !ch.connection().isClosed();
    }

    // ---- rendezvous session ----

    private void login() throws IOException {
        Connection c;
        try {
            c = Connection.dial(options.rendezvous(), options.connectTimeout());
        } catch (IOException e) {
            throw new IOException("rendezvous " + format(options.rendezvous()) + ": "
                    + NetFailures.describe(e, options.connectTimeout()), e);
        }
        try {
            c.readTimeout(Duration.ofSeconds(15));
            MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
            Challenge challenge = ch.expect(ProtocolCodec::rendezvous, Challenge.class);
            probeNonce = challenge.probe();
            byte[] sig = identity.sign(Labels.login(), challenge.nonce(), options.name().getBytes(StandardCharsets.UTF_8));
            ch.send(new Login(options.name(), identity.publicKeyBytes(), sig, listener.port(), lanAddresses(),
                    !options.unreachable()));
            Welcome welcome;
            try {
                welcome = ch.expect(ProtocolCodec::rendezvous, Welcome.class);
            } catch (MessageChannel.RemoteRefusal e) {
                throw new LoginRefusedException("login refused: " + e.getMessage());
            }
            reachable = welcome.reachable();
            seenAs = welcome.seen();
            long serverPing = welcome.pingMillis();
            pingEvery = Duration.ofMillis(Math.min(serverPing, options.pingInterval().toMillis()));
            // Two ping intervals without a word (every PING gets a PONG) means the rendezvous is gone.
            c.readTimeout(silenceLimit());
            rendezvous = ch;
            events.loggedIn(options.name(), seenAs, reachable);
        } catch (IOException e) {
            c.close();
            if (e instanceof LoginRefusedException) throw e;
            throw new IOException("rendezvous login failed: " + NetFailures.describe(e, Duration.ofSeconds(15)), e);
        }
    }

    /** Two ping intervals (each PING gets a PONG) plus slack for a busy machine. */
    private Duration silenceLimit() {
        return pingEvery.multipliedBy(2).plusMillis(500);
    }

    private void sessionLoop() {
        long backoffMs = 250;
        String reason = "connection closed by rendezvous";
        while (!closed) {
            MessageChannel ch = rendezvous;
            if (ch != null) {
                reason = "connection closed by rendezvous";
                try {
                    while (true) {
                        RendezvousMessage m = ch.receive(ProtocolCodec::rendezvous);
                        if (m == null) break;
                        if (m instanceof Refusal r) {
                            reason = "rendezvous: " + r.reasonOr("error");
                            break;
                        }
                        dispatch(m);
                    }
                } catch (IOException e) {
                    reason = NetFailures.describe(e, silenceLimit());
                }
                ch.close();
                rendezvous = null;
                backoffMs = 250;
            }
            if (closed) return;
            failPendingDials("lost the rendezvous: " + reason);
            long jittered = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
            events.rendezvousLost(reason, Duration.ofMillis(jittered));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(jittered)); // reconnect backoff, not test sync
            if (closed) return;
            try {
                login();
            } catch (LoginRefusedException e) {
                events.rendezvousLost(e.getMessage(), null);
                return;
            } catch (IOException e) {
                reason = e.getMessage(); // why the next retry is needed: "rendezvous H:P: connection refused"
                backoffMs = Math.min(backoffMs * 2, 10_000);
            }
        }
    }

    private void pingLoop() {
        while (!closed) {
            LockSupport.parkNanos(pingEvery.toNanos());
            MessageChannel ch = rendezvous;
            if (ch == null || closed) continue;
            try {
                ch.send(new RendezvousMessage.Ping());
            } catch (IOException e) {
                ch.close(); // the session loop notices and reconnects
            }
        }
    }

    private void dispatch(RendezvousMessage message) throws IOException {
        switch (message) {
            case Pong m -> { }
            case WhoList m -> whoWaits.values().forEach(f -> f.complete(m));
            case Incoming m -> {
                IncomingCall call = new IncomingCall(m.call(), m.from(), m.key(), this);
                String busyWith = options.oneCallAtATime() ? busyWith() : null;
                if (busyWith != null) {
                    send(new Answer(call.id(), false, true));
                    events.refusedAsBusy(call.from(), busyWith);
                    return;
                }
                incoming.put(call.id(), call);
                events.incoming(call);
            }
            case CallCancelled m -> {
                IncomingCall call = incoming.remove(m.call());
                if (call != null && !call.isEstablished()) {
                    events.cancelled(call.id(), m.reason() != null ? m.reason() : call.from() + " cancelled the call");
                }
            }
            case ConnectTo m -> {
                IncomingCall call = incoming.get(m.call());
                if (call != null) Thread.ofVirtual().start(() -> connectReverse(call, m.addresses()));
            }
            case RelayToken m -> {
                BlockingQueue<RendezvousMessage> q = outgoing.get(m.call());
                if (q != null) {
                    q.add(m);
                    return;
                }
                IncomingCall call = incoming.get(m.call());
                if (call != null) Thread.ofVirtual().start(() -> joinRelay(call, m));
            }
            case CallFailed m -> {
                BlockingQueue<RendezvousMessage> q = outgoing.get(m.call());
                if (q != null) {
                    q.add(m);
                    return;
                }
                IncomingCall call = incoming.remove(m.call());
                if (call != null && !call.isEstablished()) events.callFailed(call.id(), reason(m, "call failed"));
            }
            case Ringing m -> toOutgoing(m.call(), m);
            case CallAccepted m -> toOutgoing(m.call(), m);
            case CallRejected m -> toOutgoing(m.call(), m);
            default -> throw new CallProtocolException("unexpected " + ProtocolCodec.typeName(message) + " from the rendezvous");
        }
    }

    private void toOutgoing(String callId, RendezvousMessage m) {
        BlockingQueue<RendezvousMessage> q = outgoing.get(callId);
        if (q != null) q.add(m);
    }

    private static String reason(CallFailed m, String fallback) {
        return m.reason() != null ? m.reason() : fallback;
    }

    private void send(RendezvousMessage m) throws IOException {
        MessageChannel ch = rendezvous;
        if (ch == null) throw new IOException("not connected to the rendezvous");
        ch.send(m);
    }

    /** Calls ringing here, not yet answered or accepted and still connecting. */
    public List<IncomingCall> ringing() {
        return List.copyOf(incoming.values());
    }

    public List<String> who() throws IOException {
        String key = Long.toString(RANDOM.nextLong());
        CompletableFuture<WhoList> f = new CompletableFuture<>();
        whoWaits.put(key, f);
        try {
            send(new Who());
            WhoList list = f.get(10, TimeUnit.SECONDS);
            List<String> out = new ArrayList<>(list.names());
            if (list.more() > 0) out.add("and " + list.more() + " more"); // the rendezvous caps the list to fit a frame
            return out;
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the rendezvous did not answer WHO");
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        } finally {
            whoWaits.remove(key);
        }
    }

    // ---- placing a call ----

    /**
     * Calls {@code peer} and returns the established call, or throws saying why not. If the caller
     * gives up while it rings (timeout, {@link #cancelDialing()}, {@link #close()}), the callee
     * stops ringing.
     */
    public Call dial(String peer) throws IOException {
        long started = System.nanoTime();
        String callId = HexFormat.of().formatHex(randomBytes(12));
        BlockingQueue<RendezvousMessage> q = new LinkedBlockingQueue<>();
        synchronized (dialLock) {
            String busyWith = options.oneCallAtATime() ? busyWith() : null;
            if (busyWith != null) throw new CallFailedException("already " + busyWith);
            outgoing.put(callId, q);
            dialing.put(callId, peer);
        }
        try {
            RendezvousMessage m;
            try {
                send(new CallRequest(callId, peer));
                m = next(q, Duration.ofSeconds(10), "the rendezvous did not answer");
                if (m instanceof Ringing) {
                    events.progress(callId, "ringing " + peer);
                    do {
                        m = next(q, options.answerTimeout(),
                                peer + " did not answer within " + options.answerTimeout().toSeconds() + " s");
                    } while (m instanceof Ringing);
                }
            } catch (CallFailedException | java.io.InterruptedIOException e) { // we gave up: stop the ringing at the other end
                sendQuietly(new Cancel(callId));
                throw e;
            }
            CallAccepted accepted = switch (m) {
                case CallCancelled c -> { // our own cancelDialing(), queued beside the rendezvous's messages
                    sendQuietly(new Cancel(callId));
                    throw new CallFailedException(c.reason());
                }
                case CallRejected r -> throw new CallFailedException(r.busy() ? peer + " is busy" : peer + " rejected the call");
                case CallFailed f -> throw new CallFailedException(reason(f, "call failed"));
                case CallAccepted a -> a;
                default -> throw new CallProtocolException("unexpected " + ProtocolCodec.typeName(m));
            };
            DialContext ctx = new DialContext(callId, peer, accepted.key(), this);
            List<ConnectAttempt> attempts = plan(accepted);
            List<String> failures = new ArrayList<>();
            for (ConnectAttempt attempt : attempts) {
                if (cancelledDials.contains(callId)) {
                    sendQuietly(new Cancel(callId));
                    throw new CallFailedException("you cancelled the call");
                }
                events.progress(callId, "trying " + attempt.describe());
                try {
                    SecureChannel channel = attempt.connect(ctx);
                    sendQuietly(new Connected(callId, attempt.path()));
                    Call call = new Call(callId, peer, attempt.path(), true, channel, events, options.saveTo(),
                            options.callPingInterval());
                    call.setupTime(Duration.ofNanos(System.nanoTime() - started));
                    calls.put(callId, call);
                    events.connected(call);
                    Thread.ofVirtual().name("call-" + callId).start(() -> {
                        call.run();
                        calls.remove(callId);
                    });
                    return call;
                } catch (IOException e) {
                    String why = attempt.path() + ": " + e.getMessage();
                    failures.add(why);
                    events.progress(callId, why);
                }
            }
            String reason = attempts.isEmpty()
                    ? "no path: neither side is reachable and no relay was given (--relay)"
                    : "no path worked (" + String.join("; ", failures) + ")";
            sendQuietly(new Failed(callId, reason));
            throw new CallFailedException(reason);
        } finally {
            outgoing.remove(callId);
            dialing.remove(callId);
            cancelledDials.remove(callId);
            reverseWaits.remove(callId);
        }
    }

    /**
     * Gives up on the calls being placed: a dial that is still ringing fails at once with "you
     * cancelled the call" and the callee stops ringing; one already trying paths stops before the next.
     *
     * @return whether anything was being dialed
     */
    public boolean cancelDialing() {
        boolean any = false;
        for (Map.Entry<String, BlockingQueue<RendezvousMessage>> e : outgoing.entrySet()) {
            cancelledDials.add(e.getKey());
            e.getValue().add(new CallCancelled(e.getKey(), "you cancelled the call"));
            any = true;
        }
        return any;
    }

    /** What keeps this client from taking another call ("in a call with bob"), or null if nothing does. */
    private String busyWith() {
        for (Call c : calls.values()) if (!c.isEnded()) return "in a call with " + c.peer();
        for (String peer : dialing.values()) return "calling " + peer;
        for (IncomingCall c : incoming.values()) if (c.accepted()) return "answering " + c.from();
        return null;
    }

    /** The strategies, in order of preference, given what the rendezvous said about the callee. */
    List<ConnectAttempt> plan(CallAccepted accepted) throws CallProtocolException {
        List<ConnectAttempt> attempts = new ArrayList<>();
        List<InetSocketAddress> direct = new ArrayList<>();
        if (accepted.sameNat()) direct.addAll(parseAll(accepted.lan()));
        if (accepted.reachable()) {
            InetSocketAddress pub = parse(accepted.publicAddress());
            if (!direct.contains(pub)) direct.add(pub);
        }
        if (!direct.isEmpty()) attempts.add(new DirectAttempt(direct));
        if (accepted.youReachable() && !options.unreachable()) {
            attempts.add(new ReverseAttempt());
        }
        if (options.relay() != null) attempts.add(new RelayAttempt(options.relay()));
        return attempts;
    }

    SecureChannel awaitReverse(DialContext ctx) throws IOException {
        CompletableFuture<SecureChannel> f = new CompletableFuture<>();
        reverseKeys.put(ctx.callId(), ctx.peerKey());
        reverseWaits.put(ctx.callId(), f);
        send(new Reverse(ctx.callId()));
        Duration wait = options.connectTimeout().multipliedBy(2);
        try {
            return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.completeExceptionally(e); // a late arrival now loses and is closed
            throw new IOException("the callee did not connect back within " + wait.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        } finally {
            reverseWaits.remove(ctx.callId());
            reverseKeys.remove(ctx.callId());
        }
    }

    String requestRelayToken(DialContext ctx, InetSocketAddress relay) throws IOException {
        BlockingQueue<RendezvousMessage> q = outgoing.get(ctx.callId());
        send(new RelayRequest(ctx.callId(), format(relay)));
        RendezvousMessage m = next(q, Duration.ofSeconds(10), "the rendezvous issued no relay token");
        return switch (m) {
            case CallFailed f -> throw new IOException(reason(f, "no relay token"));
            case CallCancelled c -> throw new CallFailedException(c.reason());
            case RelayToken t -> t.token();
            default -> throw new CallProtocolException("unexpected " + ProtocolCodec.typeName(m));
        };
    }

    private static RendezvousMessage next(BlockingQueue<RendezvousMessage> q, Duration timeout, String onTimeout)
            throws IOException {
        try {
            RendezvousMessage m = q.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) throw new CallFailedException(onTimeout);
            return m;
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        }
    }

    private void failPendingDials(String reason) {
        for (Map.Entry<String, BlockingQueue<RendezvousMessage>> e : outgoing.entrySet()) {
            e.getValue().add(new CallFailed(e.getKey(), reason));
        }
    }

    // ---- answering ----

    void answer(IncomingCall call, boolean accept) throws IOException {
        if (incoming.get(call.id()) != call) throw new CallFailedException("the call from " + call.from() + " is no longer ringing");
        if (!accept) incoming.remove(call.id());
        send(new Answer(call.id(), accept, false));
        if (accept) {
            Thread.ofVirtual().start(() -> {
                // Give up on a call whose transport never arrives.
                LockSupport.parkNanos(options.answerTimeout().multipliedBy(2).toNanos());
                if (!call.isEstablished() && incoming.remove(call.id()) != null) {
                    events.callFailed(call.id(), "no connection from " + call.from() + " arrived");
                }
            });
        }
    }

    private void connectReverse(IncomingCall call, List<String> addrs) {
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress a : parseAllQuietly(addrs)) {
            try {
                Connection c = Connection.dial(a, options.connectTimeout());
                new MessageChannel(c, Frames.MAX_CONTROL).send(new Route(call.id()));
                respondAndRun(c, call);
                return;
            } catch (IOException e) {
                failures.add(format(a) + ": " + NetFailures.describe(e, options.connectTimeout()));
            }
        }
        events.progress(call.id(), "reverse connect failed: " + String.join("; ", failures));
    }

    private void joinRelay(IncomingCall call, RelayToken tokenMessage) {
        try {
            InetSocketAddress relay = parse(tokenMessage.relay());
            Connection c = RelayAttempt.join(relay, tokenMessage.token(), options.connectTimeout(), options.answerTimeout());
            respondAndRun(c, call);
        } catch (IOException e) {
            events.progress(call.id(), "relay: " + e.getMessage());
        }
    }

    /** Runs the responder handshake on one transport; the first to succeed becomes the call. */
    private void respondAndRun(Connection c, IncomingCall call) {
        try {
            ChannelHandshake.Result r = ChannelHandshake.respond(c, identity, options.name(), call.fromKey(), call.id(), options.connectTimeout());
            if (!call.claim()) {
                c.close();
                return;
            }
            Call established = new Call(call.id(), call.from(), r.path(), false, r.channel(), events,
                    options.saveTo(), options.callPingInterval());
            calls.put(call.id(), established); // before the ring is cleared, so the client never looks free
            incoming.remove(call.id());
            events.connected(established);
            established.run();
            calls.remove(call.id());
        } catch (IOException e) {
            c.close();
            events.progress(call.id(), "handshake failed: " + e.getMessage());
        }
    }

    // ---- our listening socket ----

    private void accepted(Connection c) throws IOException {
        c.readTimeout(options.connectTimeout());
        MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
        ListenerMessage first;
        try {
            first = ch.receive(ProtocolCodec::listener);
        } catch (CallProtocolException e) {
            ch.send(new Refusal(e.getMessage()));
            return;
        }
        if (first == null) return;
        if (first instanceof Probe) {
            ch.send(new ProbeOk(probeNonce));
            return;
        }
        if (!(first instanceof Route route)) {
            ch.send(new Refusal("unexpected " + ProtocolCodec.typeName(first)));
            return;
        }
        String callId = route.call();
        IncomingCall call = incoming.get(callId);
        if (call != null) {
            respondAndRun(c, call); // direct: the caller reached our socket
            return;
        }
        CompletableFuture<SecureChannel> reverse = reverseWaits.get(callId);
        if (reverse == null) {
            ch.send(new Refusal("no such call"));
            return;
        }
        // reverse: the callee connected back to us; we are still the handshake's initiator
        SecureChannel channel;
        try {
            channel = ChannelHandshake.initiate(c, identity, options.name(), expectedReverseKey(callId), callId, "reverse",
                    options.connectTimeout());
        } catch (IOException e) {
            reverse.completeExceptionally(e);
            return;
        }
        if (!reverse.complete(channel)) return;
        // The call's reader runs on its own thread; this handler owns the socket, so it waits for the end.
        try {
            channel.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final Map<String, byte[]> reverseKeys = new ConcurrentHashMap<>();

    private byte[] expectedReverseKey(String callId) throws IOException {
        byte[] k = reverseKeys.get(callId);
        if (k == null) throw new IOException("no key for call " + callId);
        return k;
    }

    // ---- addresses ----

    private List<String> lanAddresses() {
        if (options.unreachable()) return List.of();
        int port = listener.port();
        InetAddress bound = options.listen().getAddress();
        if (!bound.isAnyLocalAddress()) return List.of(bound.getHostAddress() + ":" + port);
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) continue;
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) out.add(a.getHostAddress() + ":" + port);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    public static InetSocketAddress parse(String hostPort) throws CallProtocolException {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) throw new CallProtocolException("not HOST:PORT: " + hostPort);
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 0 || port > 65535) throw new NumberFormatException();
            return new InetSocketAddress(hostPort.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new CallProtocolException("bad port in " + hostPort);
        }
    }

    private static List<InetSocketAddress> parseAll(List<String> list) throws CallProtocolException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String s : list) out.add(parse(s));
        return out;
    }

    private static List<InetSocketAddress> parseAllQuietly(List<String> list) {
        try {
            return parseAll(list);
        } catch (CallProtocolException e) {
            return List.of();
        }
    }

    static String format(InetSocketAddress a) {
        return (a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString()) + ":" + a.getPort();
    }

    private void sendQuietly(RendezvousMessage m) {
        try {
            send(m);
        } catch (IOException ignored) {
            // the call proceeds without the rendezvous hearing about it
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Hangs up any call, cancels any call being placed (the callee stops ringing) and logs out. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) return;
        // Said on the still-open rendezvous connection, so the callee hears "cancelled", not "went offline".
        for (String callId : dialing.keySet()) sendQuietly(new Cancel(callId));
        cancelDialing();
        closed = true;
        for (Call c : calls.values()) c.hangup();
        MessageChannel ch = rendezvous;
        if (ch != null) ch.close();
        if (listener != null) listener.close();
        if (session != null) session.interrupt();
    }
}
