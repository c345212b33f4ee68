package connectivity.call.client;

import connectivity.call.crypto.Identity;
import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.Frames;
import connectivity.call.wire.Labels;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.Refusal;
import connectivity.call.wire.RendezvousMessage;
import connectivity.call.wire.RendezvousMessage.CallAccepted;
import connectivity.call.wire.RendezvousMessage.CallCancelled;
import connectivity.call.wire.RendezvousMessage.CallFailed;
import connectivity.call.wire.RendezvousMessage.CallRejected;
import connectivity.call.wire.RendezvousMessage.Challenge;
import connectivity.call.wire.RendezvousMessage.ConnectTo;
import connectivity.call.wire.RendezvousMessage.Incoming;
import connectivity.call.wire.RendezvousMessage.Login;
import connectivity.call.wire.RendezvousMessage.Pong;
import connectivity.call.wire.RendezvousMessage.RelayToken;
import connectivity.call.wire.RendezvousMessage.Ringing;
import connectivity.call.wire.RendezvousMessage.Welcome;
import connectivity.call.wire.RendezvousMessage.Who;
import connectivity.call.wire.RendezvousMessage.WhoList;
import connectivity.net.Connection;
import connectivity.net.NetFailures;
import connectivity.net.support.Interrupted;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The long-lived, logged-in connection to the rendezvous: login against its challenge, a PING every
 * interval, re-login with jittered backoff when it drops, the one way out ({@link #send}) and the hand-off
 * of what the rendezvous says to the calls we place ({@link Outgoing}) and the calls offered to us.
 *
 * <p>Given several instances of one rendezvous (sharing a store), the first login takes the first that answers, and a
 * connection that dies moves on to the next instance in the list (round robin), logging in again there under the
 * same name and key: the back-off doubles only after a whole round of the list failed.
 */
final class RendezvousSession implements Signalling {
    /** Where replies about the calls we place go. */
    interface Outgoing {
        /** Hands {@code m} to the call being placed under {@code callId}; false if there is none. */
        boolean deliver(String callId, RendezvousMessage m);

        /** The rendezvous is gone: every call being placed fails with {@code reason}. */
        void failAll(String reason);
    }

    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration WHO_TIMEOUT = Duration.ofSeconds(10);
    private static final long FIRST_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final CallClientConfig config;
    private final Identity identity;
    private final ClientEvents events;
    private final List<InetSocketAddress> addresses;
    /** The instance logged in to, or to try next; written by start() and then only by the session thread. */
    private volatile int current;
    private final Map<Long, CompletableFuture<WhoList>> whoWaits = new ConcurrentHashMap<>();
    private final AtomicLong whoKeys = new AtomicLong();
    private volatile MessageChannel channel;
    private volatile String probeNonce = "";
    private volatile boolean reachable;
    private volatile String seenAs = "";
    private volatile boolean closed;
    private volatile Duration pingEvery;
    private Outgoing outgoing;
    private volatile Consumer<RendezvousMessage> punches = m -> { };
    private IncomingCalls incoming;
    private int listenPort;
    private Supplier<List<String>> lanAddresses;
    private Thread session;

    RendezvousSession(CallClientConfig config, Identity identity, ClientEvents events) {
        this.config = config;
        this.identity = identity;
        this.events = events;
        this.pingEvery = config.pingInterval();
        this.addresses = config.rendezvousAddresses();
    }

    /** Where the rendezvous's messages about calls go; set before {@link #start}. */
    void routeTo(Outgoing outgoing, IncomingCalls incoming) {
        this.outgoing = outgoing;
        this.incoming = incoming;
    }

    /** Where PUNCH and PUNCH_SYNC go (the {@link Upgrader}); set before {@link #start}. */
    void punchesTo(Consumer<RendezvousMessage> punches) {
        this.punches = punches;
    }

    /** Logs in (throws if that fails) and keeps the session up from then on. */
    void start(int listenPort, Supplier<List<String>> lanAddresses) throws IOException {
        this.listenPort = listenPort;
        this.lanAddresses = lanAddresses;
        loginToAny();
        session = Thread.ofVirtual().name("rendezvous-" + config.name()).start(this::sessionLoop);
        Thread.ofVirtual().name("pinger-" + config.name()).start(this::pingLoop);
    }

    boolean reachable() {
        return reachable;
    }

    String seenAs() {
        return seenAs;
    }

    /** This login's nonce, for our listener to answer the rendezvous's reachability probe. */
    String probeNonce() {
        return probeNonce;
    }

    boolean loggedIn() {
        MessageChannel ch = channel;
        return ch != null && !ch.connection().isClosed();
    }

    @Override
    public void send(RendezvousMessage m) throws IOException {
        MessageChannel ch = channel;
        if (ch == null) throw new IOException("not connected to the rendezvous");
        ch.send(m);
    }

    List<String> who() throws IOException {
        long key = whoKeys.incrementAndGet();
        CompletableFuture<WhoList> f = new CompletableFuture<>();
        whoWaits.put(key, f);
        try {
            send(new Who());
            WhoList list = f.get(WHO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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

    /** The instance this session is logged in to (or will try next while it is not). */
    InetSocketAddress rendezvous() {
        return addresses.get(current);
    }

    /** The first login: each instance once, in order, so a client started while one is down logs in to another. */
    private void loginToAny() throws IOException {
        List<String> failures = new ArrayList<>();
        IOException last = null;
        for (int i = 0; i < addresses.size(); i++) {
            try {
                login(addresses.get(i));
                current = i;
                return;
            } catch (CallClient.LoginRefusedException e) {
                if (!retryable(e)) throw e;
                failures.add(e.getMessage());
                last = e;
            } catch (IOException e) {
                failures.add(e.getMessage());
                last = e;
            }
        }
        if (failures.size() == 1) throw last;
        throw new IOException(String.join("; ", failures), last);
    }

    /** A refusal another try may not meet (the instance's store is down), as against one that holds (a name taken). */
    private static boolean retryable(CallClient.LoginRefusedException e) {
        return e.getMessage().contains("try again later");
    }

    private void login(InetSocketAddress rendezvous) throws IOException {
        Connection c;
        try {
            c = Connection.dial(rendezvous, config.connectTimeout());
        } catch (IOException e) {
            throw new IOException("rendezvous " + Addresses.format(rendezvous) + ": "
                    + NetFailures.describe(e, config.connectTimeout()), e);
        }
        try {
            c.readTimeout(LOGIN_TIMEOUT);
            MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
            Challenge challenge = ch.expect(ProtocolCodec::rendezvous, Challenge.class);
            probeNonce = challenge.probe();
            byte[] sig = identity.sign(Labels.login(), challenge.nonce(), config.name().getBytes(StandardCharsets.UTF_8));
            ch.send(new Login(config.name(), identity.publicKeyBytes(), sig, listenPort, lanAddresses.get(),
                    !config.unreachable()));
            Welcome welcome;
            try {
                welcome = ch.expect(ProtocolCodec::rendezvous, Welcome.class);
            } catch (MessageChannel.RemoteRefusal e) {
                throw new CallClient.LoginRefusedException("login refused: " + e.getMessage());
            }
            reachable = welcome.reachable();
            seenAs = welcome.seen();
            pingEvery = Duration.ofMillis(Math.min(welcome.pingMillis(), config.pingInterval().toMillis()));
            // Two ping intervals without a word (every PING gets a PONG) means the rendezvous is gone.
            c.readTimeout(silenceLimit());
            channel = ch;
            events.loggedIn(config.name(), seenAs, reachable);
        } catch (IOException e) {
            c.close();
            if (e instanceof CallClient.LoginRefusedException) throw e;
            throw new IOException("rendezvous login failed: " + NetFailures.describe(e, LOGIN_TIMEOUT), e);
        }
    }

    /** Two ping intervals (each PING gets a PONG) plus slack for a busy machine. */
    private Duration silenceLimit() {
        return pingEvery.multipliedBy(2).plusMillis(500);
    }

    private void sessionLoop() {
        long backoffMs = FIRST_BACKOFF_MS;
        int failedInRound = 0;
        String reason = "connection closed by rendezvous";
        while (!closed) {
            MessageChannel ch = channel;
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
                channel = null;
                backoffMs = FIRST_BACKOFF_MS;
                failedInRound = 0;
                current = (current + 1) % addresses.size(); // that instance may be gone: the next one first
            }
            if (closed) return;
            outgoing.failAll("lost the rendezvous: " + reason);
            long jittered = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
            events.rendezvousLost(reason, Duration.ofMillis(jittered));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(jittered)); // reconnect backoff, not test sync
            if (closed) return;
            InetSocketAddress to = addresses.get(current);
            try {
                login(to);
                if (addresses.size() > 1) events.rendezvousChosen(Addresses.format(to));
                continue;
            } catch (CallClient.LoginRefusedException e) {
                if (!retryable(e)) {
                    events.rendezvousLost(e.getMessage(), null);
                    return;
                }
                reason = e.getMessage();
            } catch (IOException e) {
                reason = e.getMessage(); // why the next retry is needed: "rendezvous H:P: connection refused"
            }
            current = (current + 1) % addresses.size();
            if (++failedInRound >= addresses.size()) { // every instance failed once: wait longer before the next round
                failedInRound = 0;
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            }
        }
    }

    private void pingLoop() {
        while (!closed) {
            LockSupport.parkNanos(pingEvery.toNanos());
            MessageChannel ch = channel;
            if (ch == null || closed) continue;
            try {
                ch.send(new RendezvousMessage.Ping());
            } catch (IOException e) {
                ch.close(); // the session loop notices and reconnects
            }
        }
    }

    /** Hands one message to the role it concerns; a reply for a call being placed goes to that call first. */
    private void dispatch(RendezvousMessage message) throws IOException {
        switch (message) {
            case Pong m -> { }
            case WhoList m -> whoWaits.values().forEach(f -> f.complete(m));
            case Incoming m -> incoming.offered(m);
            case CallCancelled m -> incoming.cancelled(m);
            case ConnectTo m -> incoming.connectTo(m);
            case RelayToken m -> {
                if (!outgoing.deliver(m.call(), m)) incoming.relayToken(m);
            }
            case CallFailed m -> {
                if (!outgoing.deliver(m.call(), m)) incoming.failed(m);
            }
            case Ringing m -> outgoing.deliver(m.call(), m);
            case CallAccepted m -> outgoing.deliver(m.call(), m);
            case CallRejected m -> outgoing.deliver(m.call(), m);
            case RendezvousMessage.Punch m -> punches.accept(m);
            case RendezvousMessage.PunchSync m -> punches.accept(m);
            default -> throw new CallProtocolException("unexpected " + ProtocolCodec.typeName(message) + " from the rendezvous");
        }
    }

    /** Logs out: no reconnecting from here on. */
    void close() {
        closed = true;
        MessageChannel ch = channel;
        if (ch != null) ch.close();
        if (session != null) session.interrupt();
    }
}
