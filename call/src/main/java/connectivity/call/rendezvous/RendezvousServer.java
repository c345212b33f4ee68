package connectivity.call.rendezvous;

import connectivity.call.crypto.Identity;
import connectivity.call.crypto.Keys;
import connectivity.call.relay.RelayTokens;
import connectivity.call.wire.Deadline;
import connectivity.call.wire.Frames;
import connectivity.call.wire.Labels;
import connectivity.call.wire.WireMessage;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.CallProtocolException;
import connectivity.net.Connection;
import connectivity.net.Listener;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * </pre>
 *
 * The login signature covers the server's random nonce, so it cannot be replayed; the dial-back
 * probe must be answered with the probe nonce sent on this connection, so it reaches this client.
 */
public final class RendezvousServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(RendezvousServer.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bytes of names in one WHO_LIST: half a control frame, whatever else the message carries. */
    static final int WHO_MAX_BYTES = Frames.MAX_CONTROL / 2;

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
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, CallRecord> calls = new ConcurrentHashMap<>();
    private final AtomicLong nextSession = new AtomicLong(1);
    private Listener listener;

    private record Session(long id, String name, MessageChannel channel, Outbox outbox) {}

    private record CallRecord(String id, String caller, String callee, boolean accepted) {}

    public RendezvousServer(Config config, NameRegistry names, PresenceStore presence) {
        this.config = config;
        this.names = names;
        this.presence = presence;
    }

    public RendezvousServer start(String bind, int port) throws IOException {
        return start(bind, port, Listener.Options.defaults());
    }

    /** As {@link #start(String, int)}, with the listener's options (its connection cap). */
    public RendezvousServer start(String bind, int port, Listener.Options options) throws IOException {
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
            ch.send(WireMessage.of("CHALLENGE", "nonce", WireMessage.b64(nonce), "probe", probe, "seen", seen));
            WireMessage login = ch.expect("LOGIN");
            session = login(ch, login, nonce, probe, seenIp, seen);
        } catch (CallProtocolException e) {
            refuse(ch, "protocol error: " + e.getMessage());
            return;
        } catch (MessageChannel.RemoteRefusal e) {
            return;
        }
        if (session == null) return;
        try {
            // A client pings every interval; two intervals of silence means it is gone.
            c.readTimeout(config.pingInterval().multipliedBy(2).plusMillis(500));
            while (true) {
                WireMessage m = ch.receive();
                if (m == null) break;
                handle(session, m);
            }
        } catch (CallProtocolException e) {
            refuse(ch, "protocol error: " + e.getMessage());
        } finally {
            session.outbox().close();
            logout(session);
        }
    }

    private Session login(MessageChannel ch, WireMessage login, byte[] nonce, String probe, String seenIp, String seen)
            throws IOException {
        String name = login.get("name");
        if (!NAME.matcher(name).matches()) {
            refuse(ch, "invalid name (use 1-32 of A-Z a-z 0-9 _ . -)");
            return null;
        }
        byte[] key = login.getBytes("id");
        if (!Identity.verify(Keys.ed25519(key), login.getBytes("sig"), Labels.login(), nonce,
                name.getBytes(StandardCharsets.UTF_8))) {
            refuse(ch, "login signature does not verify");
            return null;
        }
        if (!names.bindOrCheck(name, key)) {
            refuse(ch, "name " + name + " is bound to another key");
            return null;
        }
        long port = login.getLong("port");
        if (port < 0 || port > 65535) {
            log.info("rendezvous: refused login of {} from {}: port {} out of range", name, seen, port);
            refuse(ch, "invalid port " + port + " (use 0-65535)");
            return null;
        }
        List<String> lan = splitList(login.get("lan", ""));
        boolean reachable = Boolean.parseBoolean(login.get("reachable", "false")) && port > 0
                && probe(seenIp, (int) port, probe);
        Session session = new Session(nextSession.getAndIncrement(), name, ch,
                new Outbox(ch, config.maxQueuedMessages(), config.writeTimeout(), name));
        Session old = sessions.put(name, session);
        if (old != null) {
            refuse(old.channel(), "logged in again elsewhere");
            old.channel().close();
        }
        presence.put(new Presence(name, key, seenIp, (int) port, lan, reachable, session.id()));
        ch.send(WireMessage.of("WELCOME", "seen", seen, "reachable", Boolean.toString(reachable),
                "ping-ms", Long.toString(config.pingInterval().toMillis())));
        log.info("rendezvous: {} logged in from {} (reachable: {})", name, seen, reachable);
        return session;
    }

    /** Dials back to the client's listening port; it must answer with the probe nonce of this login. */
    private boolean probe(String ip, int port, String expected) {
        try (Connection c = Connection.dial(ip, port, config.probeTimeout())) {
            c.readTimeout(config.probeTimeout());
            MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
            ch.send(WireMessage.of("PROBE"));
            WireMessage reply = ch.expect("PROBE_OK");
            return reply.get("probe").equals(expected);
        } catch (IOException e) {
            return false;
        }
    }

    private void handle(Session s, WireMessage m) throws IOException {
        switch (m.type()) {
            case "PING" -> s.outbox().send(WireMessage.of("PONG"));
            case "WHO" -> s.outbox().send(whoList(presence.names()));
            case "CALL" -> call(s, m);
            case "ANSWER" -> answer(s, m);
            case "REVERSE" -> reverse(s, m);
            case "RELAY" -> relay(s, m);
            case "FAILED" -> {
                CallRecord r = ownCall(s, m);
                if (r != null) {
                    calls.remove(r.id());
                    sendTo(r.callee(), WireMessage.of("CALL_FAILED", "call", r.id(), "reason", m.get("reason", "call failed")));
                }
            }
            case "CANCEL" -> {
                CallRecord r = calls.get(m.get("call"));
                if (r != null && r.caller().equals(s.name()) && calls.remove(r.id(), r)) {
                    sendTo(r.callee(), WireMessage.of("CALL_CANCELLED", "call", r.id(), "reason", s.name() + " cancelled the call"));
                }
            }
            case "CONNECTED" -> {
                CallRecord r = ownCall(s, m);
                if (r != null) calls.remove(r.id());
            }
            default -> throw new CallProtocolException("unknown message " + m.type());
        }
    }

    private void call(Session s, WireMessage m) throws IOException {
        String id = m.get("call");
        String to = m.get("to");
        var callee = presence.get(to);
        if (callee.isEmpty() || !sessions.containsKey(to)) {
            String reason = names.isBound(to) ? to + " is not online" : "nobody named " + to + " has logged in here";
            s.outbox().send(WireMessage.of("CALL_FAILED", "call", id, "reason", reason));
            return;
        }
        if (to.equals(s.name())) {
            s.outbox().send(WireMessage.of("CALL_FAILED", "call", id, "reason", "you cannot call yourself"));
            return;
        }
        long placed = calls.values().stream().filter(r -> r.caller().equals(s.name())).count();
        if (placed >= config.maxPendingCalls()) {
            s.outbox().send(WireMessage.of("CALL_FAILED", "call", id, "reason",
                    "too many unanswered calls (at most " + config.maxPendingCalls() + " at a time)"));
            return;
        }
        if (calls.putIfAbsent(id, new CallRecord(id, s.name(), to, false)) != null) {
            s.outbox().send(WireMessage.of("CALL_FAILED", "call", id, "reason", "duplicate call id"));
            return;
        }
        Presence me = presence.get(s.name()).orElseThrow();
        // RINGING first: the callee may answer (and we relay CALL_ACCEPTED) before this thread runs on.
        s.outbox().send(WireMessage.of("RINGING", "call", id));
        sendTo(to, WireMessage.of("INCOMING", "call", id, "from", s.name(), "id", WireMessage.b64(me.publicKey())));
    }

    /**
     * The names online, as many as fit in {@link #WHO_MAX_BYTES}, and how many more there are, so the
     * answer always fits in a control frame. {@code more} is only sent when names were left out.
     */
    static WireMessage whoList(List<String> online) {
        StringBuilder names = new StringBuilder();
        int shown = 0;
        for (String n : online) {
            int bytes = n.getBytes(StandardCharsets.UTF_8).length + (shown == 0 ? 0 : 1);
            if (names.length() + bytes > WHO_MAX_BYTES) break; // names are ASCII (NAME), so chars are bytes
            if (shown > 0) names.append(',');
            names.append(n);
            shown++;
        }
        WireMessage m = WireMessage.of("WHO_LIST", "names", names.toString());
        return shown == online.size() ? m : m.with("more", Integer.toString(online.size() - shown));
    }

    private void answer(Session s, WireMessage m) throws IOException {
        String id = m.get("call");
        CallRecord r = calls.get(id);
        if (r == null || !r.callee().equals(s.name())) return; // stale or foreign: ignore
        if (!Boolean.parseBoolean(m.get("accept"))) {
            calls.remove(id);
            sendTo(r.caller(), WireMessage.of("CALL_REJECTED", "call", id,
                    "busy", Boolean.toString(Boolean.parseBoolean(m.get("busy", "false")))));
            return;
        }
        var callee = presence.get(r.callee());
        var caller = presence.get(r.caller());
        if (callee.isEmpty() || caller.isEmpty()) {
            calls.remove(id);
            sendTo(r.caller(), WireMessage.of("CALL_FAILED", "call", id, "reason", "the other side went offline"));
            return;
        }
        calls.put(id, new CallRecord(id, r.caller(), r.callee(), true));
        Presence ce = callee.get();
        boolean sameNat = ce.publicIp().equals(caller.get().publicIp());
        sendTo(r.caller(), WireMessage.of("CALL_ACCEPTED", "call", id, "id", WireMessage.b64(ce.publicKey()),
                "public", ce.publicAddress(), "lan", String.join(",", ce.lanAddresses()),
                "reachable", Boolean.toString(ce.reachable()), "same-nat", Boolean.toString(sameNat),
                "you-reachable", Boolean.toString(caller.get().reachable())));
    }

    private void reverse(Session s, WireMessage m) throws IOException {
        CallRecord r = ownCall(s, m);
        if (r == null) return;
        Presence caller = presence.get(r.caller()).orElse(null);
        Presence callee = presence.get(r.callee()).orElse(null);
        if (caller == null || callee == null) return;
        List<String> addrs = new ArrayList<>();
        if (caller.publicIp().equals(callee.publicIp())) addrs.addAll(caller.lanAddresses());
        if (caller.reachable()) addrs.add(caller.publicAddress());
        sendTo(r.callee(), WireMessage.of("CONNECT_TO", "call", r.id(), "addrs", String.join(",", addrs)));
    }

    private void relay(Session s, WireMessage m) throws IOException {
        CallRecord r = ownCall(s, m);
        if (r == null) return;
        if (config.relayTokens() == null) {
            s.outbox().send(WireMessage.of("CALL_FAILED", "call", r.id(), "reason", "this rendezvous issues no relay tokens"));
            return;
        }
        String relay = m.get("relay");
        sendTo(r.callee(), WireMessage.of("RELAY_TOKEN", "call", r.id(), "relay", relay,
                "token", config.relayTokens().issue(r.id(), r.callee())));
        s.outbox().send(WireMessage.of("RELAY_TOKEN", "call", r.id(), "relay", relay,
                "token", config.relayTokens().issue(r.id(), r.caller())));
    }

    /** The accepted call named in {@code m}, if {@code s} placed it; otherwise null (ignored). */
    private CallRecord ownCall(Session s, WireMessage m) throws CallProtocolException {
        CallRecord r = calls.get(m.get("call"));
        return r != null && r.accepted() && r.caller().equals(s.name()) ? r : null;
    }

    private void sendTo(String name, WireMessage m) {
        Session target = sessions.get(name);
        if (target == null) return;
        target.outbox().send(m); // never blocks: a client that does not read is dropped, not waited for
    }

    private void logout(Session s) {
        if (sessions.remove(s.name(), s)) {
            presence.remove(s.name(), s.id());
            log.info("rendezvous: {} logged out", s.name());
        }
        for (CallRecord r : calls.values()) {
            if (r.caller().equals(s.name()) || r.callee().equals(s.name())) {
                if (calls.remove(r.id()) == null) continue;
                String other = r.caller().equals(s.name()) ? r.callee() : r.caller();
                if (!sessions.containsKey(s.name())) {
                    sendTo(other, WireMessage.of("CALL_FAILED", "call", r.id(), "reason", s.name() + " went offline"));
                }
            }
        }
    }

    private static List<String> splitList(String s) {
        return s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private void refuse(MessageChannel ch, String reason) {
        try (Deadline deadline = Deadline.closing(ch.connection(), config.writeTimeout())) {
            ch.send(WireMessage.of("ERROR", "reason", reason));
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
    }
}
