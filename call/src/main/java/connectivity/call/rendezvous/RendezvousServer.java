package connectivity.call.rendezvous;

import connectivity.call.crypto.Identity;
import connectivity.call.crypto.Keys;
import connectivity.call.relay.RelayTokens;
import connectivity.call.rendezvous.CallTable.CallRecord;
import connectivity.call.store.StoreUnavailableException;
import connectivity.call.wire.Deadline;
import connectivity.call.wire.Frames;
import connectivity.call.wire.Labels;
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
import connectivity.call.wire.CallProtocolException;
import connectivity.net.Connection;
import connectivity.net.Listener;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rendezvous: presence, name-to-key bindings and call signalling. Each client keeps one framed
 * connection open:
 *
 * <pre>
 * S: CHALLENGE{nonce, probe, seen}          C: LOGIN{name, id, sig, port, lan, reachable}
 * S: WELCOME{seen, reachable, ping-ms} | ERROR{reason}
 * C: PING -> S: PONG                        C: WHO -> S: WHO_LIST{names}
 * C: CALL{call, to} -> callee INCOMING{call, from, id}; caller RINGING{call} | CALL_FAILED{call, reason}
 * callee: ANSWER{call, accept, busy} -> caller CALL_ACCEPTED{call, id, public, lan, reachable, same-nat}
 *         | CALL_REJECTED{call, busy}
 * caller: CANCEL{call} (gave up) -> callee CALL_CANCELLED{call, reason}
 * caller: REVERSE{call} -> callee CONNECT_TO{call, addrs}
 * caller: RELAY{call, relay} -> both RELAY_TOKEN{call, relay, token}
 * caller: FAILED{call, reason} -> callee CALL_FAILED{call, reason};  caller: CONNECTED{call, path}
 * in a call, either: PUNCH{call, peer, addr, nat} | PUNCH_SYNC{call, peer} -> peer, with peer = the sender
 * </pre>
 *
 * The login signature covers the server's random nonce, so it cannot be replayed; the dial-back
 * probe must be answered with the probe nonce sent on this connection, so it reaches this client.
 */
public final class RendezvousServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(RendezvousServer.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Tunables; {@code relayTokens} may be null when no relay shares our secret. */
    public record Config(Duration pingInterval, Duration probeTimeout, Duration loginTimeout, RelayTokens relayTokens,
            int maxPendingCalls, int maxQueuedMessages, Duration writeTimeout) {
        /** Calls one user may have placed and not yet seen connected, failed or refused. */
        public static final int DEFAULT_MAX_PENDING_CALLS = 16;
        /** Messages waiting to be written to one client; past it the client is dropped. */
        public static final int DEFAULT_MAX_QUEUED_MESSAGES = 256;
        /** How long one write to a client may block before it is dropped as not reading. */
        public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);

        public Config(Duration pingInterval, Duration probeTimeout, Duration loginTimeout, RelayTokens relayTokens) {
            this(pingInterval, probeTimeout, loginTimeout, relayTokens, DEFAULT_MAX_PENDING_CALLS,
                    DEFAULT_MAX_QUEUED_MESSAGES, DEFAULT_WRITE_TIMEOUT);
        }

        public static Config defaults(RelayTokens tokens) {
            return new Config(Duration.ofSeconds(25), Duration.ofSeconds(3), Duration.ofSeconds(10), tokens);
        }
    }

    private final Config config;
    private final NameRegistry names;
    private final PresenceStore presence;
    private final CallTable calls = new CallTable();
    private final Punches punches = new Punches();
    private final SignalBus bus;
    private Switchboard switchboard;
    // Unique across the rendezvous instances that share one presence store (a random high half).
    private final AtomicLong nextSession = new AtomicLong((RANDOM.nextInt() & 0x7fffffffL) << 32);
    private Listener listener;

    public RendezvousServer(Config config, NameRegistry names, PresenceStore presence) {
        this(config, names, presence, SignalBus.alone());
    }

    /** With a {@code bus} to the other instances that share {@code names} and {@code presence}. */
    public RendezvousServer(Config config, NameRegistry names, PresenceStore presence, SignalBus bus) {
        this.config = config;
        this.names = names;
        this.presence = presence;
        this.bus = bus;
    }

    public RendezvousServer start(String bind, int port) throws IOException {
        return start(bind, port, Listener.Options.defaults());
    }

    /** As {@link #start(String, int)}, with the listener's options (its connection cap). */
    public RendezvousServer start(String bind, int port, Listener.Options options) throws IOException {
        switchboard = new Switchboard(calls, bus);
        listener = Listener.start("rendezvous", bind, port, this::serve, options);
        return this;
    }

    public int port() {
        return listener.port();
    }

    public PresenceStore presence() {
        return presence;
    }

    private void serve(Connection c) throws IOException {
        c.readTimeout(config.loginTimeout());
        MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
        byte[] nonce = random(32);
        String probe = HexFormat.of().formatHex(random(16));
        String seenIp = c.remoteAddress().getAddress().getHostAddress();
        String seen = seenIp + ":" + c.remoteAddress().getPort();
        Session session;
        try (Deadline deadline = Deadline.closing(c, config.loginTimeout())) {
            ch.send(new Challenge(nonce, probe, seen));
            Login login = ch.expect(ProtocolCodec::rendezvous, Login.class);
            session = login(ch, login, nonce, probe, seenIp, seen);
        } catch (CallProtocolException e) {
            refuse(ch, "protocol error: " + e.getMessage());
            return;
        } catch (MessageChannel.RemoteRefusal e) {
            return;
        } catch (StoreUnavailableException e) {
            refuse(ch, "rendezvous cannot log you in now: its store is unavailable; try again later");
            return;
        }
        if (session == null) return;
        try {
            // A client pings every interval; two intervals of silence means it is gone.
            c.readTimeout(config.pingInterval().multipliedBy(2).plusMillis(500));
            while (true) {
                RendezvousMessage m = ch.receive(ProtocolCodec::rendezvous);
                if (m == null) break;
                handle(session, m);
            }
        } catch (CallProtocolException e) {
            refuse(ch, "protocol error: " + e.getMessage());
        } catch (StoreUnavailableException e) {
            refuse(ch, "rendezvous lost its store; log in again later");
        } finally {
            session.outbox().close();
            logout(session);
        }
    }

    private Session login(MessageChannel ch, Login login, byte[] nonce, String probe, String seenIp, String seen)
            throws IOException {
        String name = login.name();
        if (!NAME.matcher(name).matches()) {
            refuse(ch, "invalid name (use 1-32 of A-Z a-z 0-9 _ . -)");
            return null;
        }
        byte[] key = login.key();
        if (!Identity.verify(Keys.ed25519(key), login.signature(), Labels.login(), nonce,
                name.getBytes(StandardCharsets.UTF_8))) {
            refuse(ch, "login signature does not verify");
            return null;
        }
        if (!names.bindOrCheck(name, key)) {
            refuse(ch, "name " + name + " is bound to another key");
            return null;
        }
        long port = login.port();
        if (port < 0 || port > 65535) {
            log.info("rendezvous: refused login of {} from {}: port {} out of range", name, seen, port);
            refuse(ch, "invalid port " + port + " (use 0-65535)");
            return null;
        }
        boolean reachable = login.reachable() && port > 0 && DialBack.answers(seenIp, (int) port, probe, config.probeTimeout());
        long id = nextSession.getAndIncrement();
        Presence me = new Presence(name, key, seenIp, (int) port, login.lan(), reachable, id);
        presence.put(me); // before the session exists: if the store is down, nothing is left behind
        Session session = new Session(id, name, ch, new Outbox(ch, config.maxQueuedMessages(), config.writeTimeout(), name), me);
        Session old = switchboard.add(session);
        if (old != null) {
            refuse(old.channel(), "logged in again elsewhere");
            old.channel().close();
        }
        ch.send(new Welcome(seen, reachable, config.pingInterval().toMillis()));
        log.info("rendezvous: {} logged in from {} (reachable: {})", name, seen, reachable);
        return session;
    }

    private void handle(Session s, RendezvousMessage m) throws IOException {
        switch (m) {
            case RendezvousMessage.Ping p -> {
                if (!presence.refresh(s.presence())) { // a newer login, perhaps on another rendezvous, has the name
                    refuse(s.channel(), "logged in again elsewhere");
                    s.channel().close();
                    return;
                }
                reply(s, new Pong());
            }
            case Who w -> reply(s, WhoLists.of(presence.names()));
            case CallRequest r -> call(s, r);
            case Answer a -> answer(s, a);
            case Reverse r -> reverse(s, r);
            case RelayRequest r -> relay(s, r);
            case Failed f -> {
                CallRecord r = calls.ownCall(s.name(), f.call());
                if (r != null) {
                    calls.remove(r.id());
                    sendTo(r.callee(), new CallFailed(r.id(), f.reason() != null ? f.reason() : "call failed"));
                }
            }
            case Cancel cancel -> {
                CallRecord r = calls.get(cancel.call());
                if (r != null && r.caller().equals(s.name()) && calls.remove(r)) {
                    sendTo(r.callee(), new CallCancelled(r.id(), s.name() + " cancelled the call"));
                }
            }
            case Connected connected -> {
                CallRecord r = calls.ownCall(s.name(), connected.call());
                if (r != null) switchboard.connected(r);
            }
            case RendezvousMessage.Punch p -> punch(s, p.peer(), p);
            case RendezvousMessage.PunchSync p -> punch(s, p.peer(), p);
            default -> throw new CallProtocolException("unexpected " + ProtocolCodec.typeName(m) + " from a client");
        }
    }

    private void call(Session s, CallRequest m) throws IOException {
        String id = m.call();
        String to = m.to();
        var callee = presence.get(to);
        if (callee.isEmpty() || !switchboard.mayReach(to)) {
            String reason = names.isBound(to) ? to + " is not online" : "nobody named " + to + " has logged in here";
            reply(s, new CallFailed(id, reason));
            return;
        }
        if (to.equals(s.name())) {
            reply(s, new CallFailed(id, "you cannot call yourself"));
            return;
        }
        long placed = calls.placedBy(s.name());
        if (placed >= config.maxPendingCalls()) {
            reply(s, new CallFailed(id, "too many unanswered calls (at most " + config.maxPendingCalls() + " at a time)"));
            return;
        }
        if (!calls.place(new CallRecord(id, s.name(), to, false))) {
            reply(s, new CallFailed(id, "duplicate call id"));
            return;
        }
        Presence me = s.presence(); // ours, even if the store lost the entry since (the next ping writes it back)
        // RINGING first: the callee may answer (and we relay CALL_ACCEPTED) before this thread runs on.
        reply(s, new Ringing(id));
        sendTo(to, new Incoming(id, s.name(), me.publicKey()));
    }

    private void answer(Session s, Answer m) throws IOException {
        String id = m.call();
        CallRecord r = calls.get(id);
        if (r == null || !r.callee().equals(s.name())) return; // stale or foreign: ignore
        if (!m.accept()) {
            calls.remove(id);
            sendTo(r.caller(), new CallRejected(id, m.busy()));
            return;
        }
        var callee = presence.get(r.callee());
        var caller = presence.get(r.caller());
        if (callee.isEmpty() || caller.isEmpty()) {
            calls.remove(id);
            sendTo(r.caller(), new CallFailed(id, "the other side went offline"));
            return;
        }
        calls.accepted(r);
        Presence ce = callee.get();
        boolean sameNat = ce.publicIp().equals(caller.get().publicIp());
        sendTo(r.caller(), new CallAccepted(id, ce.publicKey(), ce.publicAddress(), ce.lanAddresses(), ce.reachable(),
                sameNat, caller.get().reachable()));
    }

    private void reverse(Session s, Reverse m) throws IOException {
        CallRecord r = calls.ownCall(s.name(), m.call());
        if (r == null) return;
        Presence caller = presence.get(r.caller()).orElse(null);
        Presence callee = presence.get(r.callee()).orElse(null);
        if (caller == null || callee == null) return;
        List<String> addrs = new ArrayList<>();
        if (caller.publicIp().equals(callee.publicIp())) addrs.addAll(caller.lanAddresses());
        if (caller.reachable()) addrs.add(caller.publicAddress());
        sendTo(r.callee(), new ConnectTo(r.id(), addrs));
    }

    private void relay(Session s, RelayRequest m) throws IOException {
        CallRecord r = calls.ownCall(s.name(), m.call());
        if (r == null) return;
        if (config.relayTokens() == null) {
            reply(s, new CallFailed(r.id(), "this rendezvous issues no relay tokens"));
            return;
        }
        String relay = m.relay();
        sendTo(r.callee(), new RelayToken(r.id(), relay, config.relayTokens().issue(r.id(), r.callee())));
        reply(s, new RelayToken(r.id(), relay, config.relayTokens().issue(r.id(), r.caller())));
    }

    private void punch(Session s, String peer, RendezvousMessage m) {
        RendezvousMessage out = punches.pass(s, m, System.currentTimeMillis());
        if (out != null && !peer.equals(s.name())) sendTo(peer, out);
    }

    private static void reply(Session s, RendezvousMessage m) {
        s.send(m);
    }

    private void sendTo(String name, RendezvousMessage m) {
        switchboard.sendTo(name, m);
    }

    private void logout(Session s) {
        punches.forget(s);
        if (switchboard.remove(s)) {
            try {
                presence.remove(s.name(), s.id());
            } catch (StoreUnavailableException e) {
                // the entry expires by itself (its pings stop)
            }
            log.info("rendezvous: {} logged out", s.name());
        }
        for (CallRecord r : calls.involving(s.name())) {
            if (!calls.remove(r.id())) continue;
            String other = r.caller().equals(s.name()) ? r.callee() : r.caller();
            if (!switchboard.holds(s.name())) sendTo(other, new CallFailed(r.id(), s.name() + " went offline"));
        }
    }

    private void refuse(MessageChannel ch, String reason) {
        try (Deadline deadline = Deadline.closing(ch.connection(), config.writeTimeout())) {
            ch.send(new Refusal(reason));
        } catch (IOException ignored) {
            // gone already
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public int openConnections() {
        return listener.openConnections();
    }

    @Override
    public void close() {
        if (listener != null) listener.close();
        if (switchboard != null) switchboard.close();
    }
}
