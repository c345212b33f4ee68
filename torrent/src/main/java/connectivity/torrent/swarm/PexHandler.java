package connectivity.torrent.swarm;

import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.PexMessage;
import connectivity.torrent.peer.PeerProtocolException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BEP 11 peer exchange ({@code ut_pex}). Sending: every peer whose handshake names {@code ut_pex} hears, at most
 * once per {@link SwarmConfig#pexInterval()}, which peers we connected to and lost since our last message to it
 * (all of them the first time), {@value #MAX_EACH} of each at most. A peer counts by its listen address: where we
 * dialled it, or, if it dialled us, the port its extension handshake gave ({@code p}); one that dialled us without
 * saying is left out, as libtorrent leaves it out. Receiving: what a peer says it added goes, checked, to the
 * {@link Announcer} to dial; a peer's messages beyond {@value #BURST} per interval are ignored. Not made at all for
 * private torrents (BEP 27), so it is neither advertised nor answered there.
 */
final class PexHandler implements ExtensionHandler {
    static final String NAME = "ut_pex";
    /** Peers added, and peers dropped, per message at most, both ways (BEP 11: 50). */
    static final int MAX_EACH = 50;
    /**
     * A peer's messages taken per interval: a few, not one, since messages queued behind a slow link arrive
     * together (libtorrent, for the same reason, allows six a minute before it disconnects).
     */
    static final int BURST = 3;

    private static final Logger log = LoggerFactory.getLogger(PexHandler.class);

    /** What we know of PEX with one peer: what we told it (to send differences), and when it last spoke. */
    private static final class Exchange {
        final Set<InetSocketAddress> told = new HashSet<>();
        boolean sentAny;
        long lastSentNanos;
        /** When its last {@link #BURST} accepted messages came, oldest first. */
        final long[] heard = new long[BURST];
        int heardCount;
    }

    private final SwarmState st;
    private final BiConsumer<InetAddress, List<InetSocketAddress>> learned;
    private final Predicate<InetSocketAddress> ours;
    private final BooleanSupplier complete;
    private final Map<PeerSession, Exchange> exchanges = new ConcurrentHashMap<>();

    /**
     * {@code learned}: gets the usable peers of each message, with the sender's IP; {@code ours}: whether an address is our own
     * listener; {@code complete}: whether we have everything (then seeds are not worth telling us of).
     */
    PexHandler(SwarmState st, BiConsumer<InetAddress, List<InetSocketAddress>> learned, Predicate<InetSocketAddress> ours, BooleanSupplier complete) {
        this.st = st;
        this.learned = learned;
        this.ours = ours;
        this.complete = complete;
    }

    /** Whether a swarm on this torrent exchanges peers: never on a private one (BEP 27), else as configured. */
    static boolean enabledFor(boolean privateTorrent, SwarmConfig config) {
        return config.pex() && !privateTorrent;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onMessage(PeerSession from, byte[] payload) throws PeerProtocolException {
        Exchange x = exchanges.computeIfAbsent(from, s -> new Exchange());
        long now = st.now();
        synchronized (x) {
            if (x.heardCount == BURST && now - x.heard[0] < st.config.pexInterval().toNanos()) {
                log.debug("{} sends PEX too often: ignored", from);
                return;
            }
            if (x.heardCount == BURST) System.arraycopy(x.heard, 1, x.heard, 0, BURST - 1);
            else x.heardCount++;
            x.heard[x.heardCount - 1] = now;
        }
        PexMessage m = PexMessage.decode(payload, MAX_EACH); // not a dictionary: the peer is dropped
        boolean skipSeeds = complete.getAsBoolean();
        InetSocketAddress sender = from.identity().address(), senderListens;
        synchronized (st.lock) {
            senderListens = from.state().listenAddress();
        }
        List<InetSocketAddress> usable = new ArrayList<>();
        for (PexMessage.Peer p : m.added()) {
            InetSocketAddress a = p.address();
            if (skipSeeds && p.has(PexMessage.SEED)) continue; // two seeds have nothing to trade
            boolean itself = a.equals(sender) || a.equals(senderListens);
            if (!plausible(a, sender.getAddress()) || itself || ours.test(a) || usable.contains(a)) continue;
            usable.add(a);
        }
        if (!usable.isEmpty()) learned.accept(sender.getAddress(), usable);
    }

    /**
     * An address worth dialling: a real port, a unicast address, and a local one (loopback, private, link-local)
     * only from a peer that is itself local, so a remote peer cannot point us at our own network.
     */
    static boolean plausible(InetSocketAddress a, InetAddress sender) {
        InetAddress ip = a.getAddress();
        if (a.getPort() == 0 || ip == null || ip.isAnyLocalAddress() || ip.isMulticastAddress()) return false;
        if (ip instanceof Inet4Address && (ip.getAddress()[0] & 0xFF) >= 240) return false; // reserved and broadcast
        return !local(ip) || local(sender);
    }

    private static boolean local(InetAddress ip) {
        return ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress();
    }

    /** Every tick: each peer that takes PEX and is due hears what changed since our last message to it. */
    void tick(long now) {
        List<PeerSession> toSend = new ArrayList<>();
        Map<InetSocketAddress, Integer> connected = new LinkedHashMap<>();
        Map<PeerSession, InetSocketAddress> listens = new LinkedHashMap<>();
        synchronized (st.lock) {
            exchanges.keySet().retainAll(st.sessions());
            for (PeerSession s : st.sessions()) {
                if (s.isClosed()) continue;
                InetSocketAddress a = listenAddress(s);
                if (a == null) continue;
                listens.put(s, a);
                connected.put(a, flags(s));
            }
            for (PeerSession s : st.sessions()) {
                if (!s.isClosed() && s.theirExtensionId(NAME).isPresent()) toSend.add(s);
            }
        }
        long interval = st.config.pexInterval().toNanos();
        for (PeerSession s : toSend) {
            Exchange x = exchanges.computeIfAbsent(s, k -> new Exchange());
            PexMessage m;
            synchronized (x) {
                if (x.sentAny && now - x.lastSentNanos < interval) continue;
                m = difference(x.told, connected, listens.get(s));
                if (m.isEmpty()) continue;
                for (PexMessage.Peer p : m.added()) x.told.add(p.address());
                m.dropped().forEach(x.told::remove);
                x.sentAny = true;
                x.lastSentNanos = now;
            }
            OptionalInt id = s.theirExtensionId(NAME);
            if (id.isPresent()) s.send(new Message.Extended(id.getAsInt(), m.encode()));
        }
    }

    /** What {@code told} lacks of {@code connected} (but the peer itself), and what it has that is gone; 50 each at most. */
    static PexMessage difference(Set<InetSocketAddress> told, Map<InetSocketAddress, Integer> connected, InetSocketAddress itself) {
        List<PexMessage.Peer> added = new ArrayList<>();
        for (Map.Entry<InetSocketAddress, Integer> e : connected.entrySet()) {
            if (added.size() == MAX_EACH) break;
            if (!e.getKey().equals(itself) && !told.contains(e.getKey())) added.add(new PexMessage.Peer(e.getKey(), e.getValue()));
        }
        List<InetSocketAddress> dropped = new ArrayList<>();
        for (InetSocketAddress a : told) {
            if (dropped.size() == MAX_EACH) break;
            if (!connected.containsKey(a) || a.equals(itself)) dropped.add(a);
        }
        return new PexMessage(added, dropped);
    }

    /** Under the lock: where the peer takes connections, if we know. */
    private static InetSocketAddress listenAddress(PeerSession s) {
        return s.identity().outgoing() ? s.identity().address() : s.state().listenAddress();
    }

    /** Under the lock: a seed is marked so, and a peer we reached by dialling is reachable. */
    private int flags(PeerSession s) {
        int f = s.state().hasAll(st.pieceCount) ? PexMessage.SEED : 0;
        return s.identity().outgoing() ? f | PexMessage.CONNECTABLE : f;
    }
}
