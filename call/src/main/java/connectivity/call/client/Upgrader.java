package connectivity.call.client;

import connectivity.call.crypto.ChannelHandshake;
import connectivity.call.crypto.Identity;
import connectivity.call.crypto.SecureChannel;
import connectivity.call.wire.RendezvousMessage;
import connectivity.call.wire.RendezvousMessage.Punch;
import connectivity.call.wire.RendezvousMessage.PunchSync;
import connectivity.net.Connection;
import connectivity.net.support.Interrupted;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Moves a call that started on the relay onto a direct path, beside the call (the DCUtR scheme over the
 * rendezvous). Each side learns its NAT ({@link NatProbe}); the caller sends PUNCH with its address and NAT
 * type and times the callee's PUNCH in answer (the round trip through the rendezvous), then sends PUNCH_SYNC and
 * dials half a round trip later, while the callee dials as soon as the sync arrives, so the two SYNs cross
 * ({@link Puncher}). On the connection the caller leads the call's handshake (same keys, same call id) and both
 * sides hand the channel to the call, which switches at a record boundary. A symmetric NAT on either side ends it:
 * the call stays on the relay. When a direct path dies later the call falls back to the relay by itself; the
 * caller then tries again, {@link #ROUNDS} rounds in all, backing off from {@link #FIRST_BACKOFF}.
 */
final class Upgrader {
    static final int ROUNDS = 4;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration REPLY_WAIT = Duration.ofSeconds(10);
    static final Duration WINDOW = Duration.ofSeconds(5);
    /** How long the callee waits for the caller's next round before probing again (twice, then it stops). */
    static final Duration FOLLOW_WAIT = Duration.ofSeconds(60);

    private final CallClientConfig config;
    private final Identity identity;
    private final ClientEvents events;
    private final Signalling rendezvous;
    /** The calls punching now: what the rendezvous passes on for them, and from whom it must come. */
    private record Punching(String peer, BlockingQueue<RendezvousMessage> inbox) {}

    private final Map<String, Punching> punching = new ConcurrentHashMap<>();
    /**
     * Punches for calls not up here yet: the caller's handshake ends before ours, so its PUNCH can overtake our
     * call. A few are kept (the oldest go first) for {@link #consider} to pick up.
     */
    private final Map<String, List<RendezvousMessage>> early = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<RendezvousMessage>> eldest) {
            return size() > 16;
        }
    };

    Upgrader(CallClientConfig config, Identity identity, ClientEvents events, Signalling rendezvous) {
        this.config = config;
        this.identity = identity;
        this.events = events;
        this.rendezvous = rendezvous;
    }

    /** A call is up: if it is on the relay (and upgrading is on), punching starts beside it. */
    void consider(Call call) {
        InetSocketAddress relay = call.remote();
        if (!config.upgrade() || !call.path().equals("relay") || relay == null || call.peerKey() == null) return;
        BlockingQueue<RendezvousMessage> inbox = new LinkedBlockingQueue<>();
        Punching mine = new Punching(call.peer(), inbox);
        synchronized (early) {
            punching.put(call.id(), mine);
            for (RendezvousMessage m : early.getOrDefault(call.id(), List.of())) offer(mine, m);
            early.remove(call.id());
        }
        Semaphore fellBack = new Semaphore(0);
        call.watchPaths((c, to, upgrade) -> {
            if (!upgrade) fellBack.release();
        });
        Thread.ofVirtual().name("punch-" + call.id()).start(() -> {
            try {
                if (call.outgoing()) lead(call, relay, inbox, fellBack);
                else follow(call, relay, inbox, fellBack);
            } catch (IOException e) {
                if (!call.isEnded()) events.progress(call.id(), "direct path: " + e.getMessage());
            } finally {
                punching.remove(call.id(), mine);
            }
        });
    }

    /** PUNCH and PUNCH_SYNC from the rendezvous, for the call they name if its peer sent them; others are dropped. */
    void punched(RendezvousMessage m) {
        String[] callAndPeer = switch (m) {
            case Punch p -> new String[] {p.call(), p.peer()};
            case PunchSync p -> new String[] {p.call(), p.peer()};
            default -> null;
        };
        if (callAndPeer == null) return;
        synchronized (early) {
            Punching p = punching.get(callAndPeer[0]);
            if (p != null) {
                offer(p, m);
            } else {
                List<RendezvousMessage> waiting = early.computeIfAbsent(callAndPeer[0], k -> new ArrayList<>());
                if (waiting.size() < 4) waiting.add(m);
            }
        }
    }

    private static void offer(Punching p, RendezvousMessage m) {
        String from = m instanceof Punch punch ? punch.peer() : ((PunchSync) m).peer();
        if (p.peer().equals(from) && p.inbox().size() < 16) p.inbox().add(m);
    }

    /** The caller's side: rounds until a direct path holds, a NAT is symmetric, or the rounds are spent. */
    private void lead(Call call, InetSocketAddress relay, BlockingQueue<RendezvousMessage> inbox, Semaphore fellBack)
            throws IOException {
        Duration backoff = FIRST_BACKOFF;
        for (int round = 1; round <= ROUNDS && !call.isEnded(); round++) {
            if (round > 1) pause(backoff, call);
            backoff = backoff.multipliedBy(2);
            NatProbe.Result me = probe(call, relay);
            long sent = System.nanoTime();
            rendezvous.send(new Punch(call.id(), call.peer(), me.mapped(), me.nat().wire()));
            Punch theirs = next(inbox, Punch.class, REPLY_WAIT, call);
            if (theirs == null) {
                if (!call.isEnded()) {
                    events.progress(call.id(), "direct path: " + call.peer() + " did not answer the punch within "
                            + REPLY_WAIT.toSeconds() + " s");
                }
                continue;
            }
            Duration rtt = Duration.ofNanos(System.nanoTime() - sent);
            if (symmetric(call, me, theirs)) return;
            rendezvous.send(new PunchSync(call.id(), call.peer()));
            pause(rtt.dividedBy(2), call); // the sync reaches the callee after about half the round trip
            if (punch(call, me, theirs, rtt)) {
                awaitFallback(call, fellBack);
                backoff = FIRST_BACKOFF;
            }
        }
    }

    /** The callee's side: answers each round the caller starts. */
    private void follow(Call call, InetSocketAddress relay, BlockingQueue<RendezvousMessage> inbox, Semaphore fellBack)
            throws IOException {
        int idle = 0;
        while (!call.isEnded()) {
            NatProbe.Result me = probe(call, relay);
            Punch theirs = next(inbox, Punch.class, FOLLOW_WAIT, call);
            if (theirs == null) {
                if (++idle == 2) return; // the caller does not punch (--no-upgrade) or has given up
                continue; // probe again: a mapping this old may be gone
            }
            idle = 0;
            rendezvous.send(new Punch(call.id(), call.peer(), me.mapped(), me.nat().wire()));
            if (symmetric(call, me, theirs)) continue;
            if (next(inbox, PunchSync.class, REPLY_WAIT, call) == null) continue;
            if (punch(call, me, theirs, null)) awaitFallback(call, fellBack);
        }
    }

    /** Until the direct path dies and the call is back on the relay, or the call ends. */
    private static void awaitFallback(Call call, Semaphore fellBack) throws IOException {
        try {
            while (!fellBack.tryAcquire(1, TimeUnit.SECONDS)) {
                if (call.isEnded()) return;
            }
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        }
    }

    private NatProbe.Result probe(Call call, InetSocketAddress relay) throws IOException {
        NatProbe.Result me = NatProbe.run(config.rendezvous(), relay, config.connectTimeout());
        events.progress(call.id(), "nat: " + me.describe());
        return me;
    }

    private boolean symmetric(Call call, NatProbe.Result me, Punch theirs) {
        String who = me.nat() == NatProbe.Nat.SYMMETRIC ? "our NAT is"
                : NatProbe.Nat.of(theirs.nat()) == NatProbe.Nat.SYMMETRIC ? call.peer() + "'s NAT is" : null;
        if (who == null) return false;
        events.progress(call.id(), "direct path: not punching, " + who + " symmetric; the call stays on the relay");
        return true;
    }

    /** One simultaneous open and the call's handshake on it; true if the call moved onto it. */
    private boolean punch(Call call, NatProbe.Result me, Punch theirs, Duration rtt) {
        try {
            InetSocketAddress peer = Addresses.parse(theirs.address());
            Connection c = Puncher.open(me.local(), me.port(), peer, WINDOW);
            try {
                SecureChannel ch;
                if (call.outgoing()) {
                    ch = ChannelHandshake.initiate(c, identity, config.name(), call.peerKey(), call.id(), "direct",
                            config.connectTimeout());
                } else {
                    ch = ChannelHandshake.respond(c, identity, config.name(), call.peerKey(), call.id(),
                            config.connectTimeout()).channel();
                }
                call.upgrade(ch, "direct");
                return true;
            } catch (IOException e) {
                c.close();
                throw e;
            }
        } catch (IOException e) {
            if (!call.isEnded()) {
                events.progress(call.id(), "direct path: punching failed" + (rtt != null ? " (rtt " + rtt.toMillis() + " ms)" : "")
                        + ": " + e.getMessage());
            }
            return false;
        }
    }

    /** The next {@code type} for this call within {@code wait}, skipping others (a late message of an earlier round). */
    private static <T extends RendezvousMessage> T next(BlockingQueue<RendezvousMessage> inbox, Class<T> type, Duration wait,
            Call call) throws IOException {
        long end = System.nanoTime() + wait.toNanos();
        try {
            while (!call.isEnded()) {
                long left = end - System.nanoTime();
                if (left <= 0) return null;
                RendezvousMessage m = inbox.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                if (type.isInstance(m)) return type.cast(m);
            }
            return null;
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        }
    }

    private static void pause(Duration d, Call call) throws IOException {
        if (d.isZero() || call.isEnded()) return;
        try {
            Thread.sleep(d); // the schedule of the punch (half a round trip, the back-off), not test synchronisation
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        }
    }
}
