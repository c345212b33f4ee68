package connectivity.torrent.swarm;

import connectivity.net.Connection;
import connectivity.net.Listener;
import connectivity.torrent.peer.Handshake;
import connectivity.torrent.peer.PeerProtocolException;
import connectivity.torrent.peer.WireCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes connections to peers and takes them: accepts and dials, handshakes, admits (not ourselves, not the
 * banned, one connection per pair, at most so many), runs each admitted peer on its connection's thread until it
 * goes, and cleans up after it.
 */
final class Connector {
    private static final Logger log = LoggerFactory.getLogger(Connector.class);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Makes the session for a handshaken peer, talking through its link. */
    interface Sessions {
        PeerSession open(PeerIdentity id, PeerConnection link);
    }

    private final SwarmState st;
    private final PieceCompletion completion;
    private final ChokeRound choking;
    private final Sessions sessions;
    private final BlockReader reader;
    private final WireCodec codec;
    private final Set<InetSocketAddress> dialing = ConcurrentHashMap.newKeySet();
    private volatile Listener listener;
    /** The port of a listener shared with other swarms (a daemon's), which hands us our handshakes; -1 when we listen ourselves. */
    private volatile int sharedPort = -1;

    Connector(SwarmState st, PieceCompletion completion, ChokeRound choking, Sessions sessions, BlockReader reader) {
        this.st = st;
        this.completion = completion;
        this.choking = choking;
        this.sessions = sessions;
        this.reader = reader;
        this.codec = new WireCodec(st.pieceCount);
    }

    /** Starts accepting peers. */
    void listen() throws IOException {
        listener = Listener.start("torrent-peers", st.config.bindAddress(), st.config.port(), this::accept);
    }

    /** Takes peers from a listener someone else runs on {@code port}: see {@link #acceptHandshaken}. */
    void shareListener(int port) {
        sharedPort = port;
    }

    int port() {
        return sharedPort >= 0 ? sharedPort : listener.port();
    }

    OptionalInt listenPort() {
        if (sharedPort >= 0) return OptionalInt.of(sharedPort);
        Listener l = listener;
        return l == null ? OptionalInt.empty() : OptionalInt.of(l.port());
    }

    void stopListening() {
        if (listener != null) listener.close();
    }

    boolean dialing() {
        return !dialing.isEmpty();
    }

    private void accept(Connection c) throws IOException {
        c.readTimeout(HANDSHAKE_TIMEOUT);
        Handshake theirs = Handshake.read(c.input());
        if (!theirs.sameTorrent(st.infoHash) || java.util.Arrays.equals(theirs.peerId(), st.ourId)) return; // not ours, or ourselves
        Handshake.ours(st.infoHash, st.ourId).write(c.output());
        serve(c, theirs, null, null);
    }

    /** A peer that dialled a shared listener and whose handshake names our torrent; runs it on the caller's thread. */
    void acceptHandshaken(Connection c, Handshake theirs) throws IOException {
        if (!theirs.sameTorrent(st.infoHash) || java.util.Arrays.equals(theirs.peerId(), st.ourId)) return;
        Handshake.ours(st.infoHash, st.ourId).write(c.output());
        serve(c, theirs, null, null);
    }

    /** Dials each address not connected or being dialled already, while there is room. */
    void connectTo(List<InetSocketAddress> peers) {
        for (InetSocketAddress a : peers) {
            if (st.closed() || isSelf(a) || dialing.contains(a)) continue;
            synchronized (st.lock) {
                if (st.sessions().size() + dialing.size() >= st.config.maxPeers()) return;
                if (isConnected(a)) continue;
            }
            if (dialing.add(a)) Thread.ofVirtual().name("peer-dial " + a).start(() -> dial(a));
        }
    }

    /** Connections we could still open: the peer cap less the peers connected and those being dialled. */
    int room() {
        synchronized (st.lock) {
            return st.config.maxPeers() - st.sessions().size() - dialing.size();
        }
    }

    /** Connected to that address, or dialling it. */
    boolean connectedOrDialing(InetSocketAddress a) {
        if (dialing.contains(a)) return true;
        synchronized (st.lock) {
            return isConnected(a);
        }
    }

    /** Under the lock: a peer we dialled at that address, or one that told us it listens there. */
    boolean isConnected(InetSocketAddress a) {
        for (PeerSession s : st.sessions()) {
            if ((s.identity().outgoing() && s.identity().address().equals(a)) || a.equals(s.state().listenAddress())) return true;
        }
        return false;
    }

    /** A connection made before the swarm (see {@link Swarm#adopt}): served as one we dialled, on a thread of its own. */
    void adopt(OpenPeer peer) {
        InetSocketAddress a = peer.connection().remoteAddress();
        if (st.closed() || !peer.theirs().sameTorrent(st.infoHash) || !dialing.add(a)) {
            peer.close();
            return;
        }
        Thread.ofVirtual().name("peer-adopt " + a).start(() -> {
            try (Connection c = peer.connection()) {
                serve(c, peer.theirs(), a, peer.received());
            } catch (IOException e) {
                log.debug("peer {}: {}", a, e.toString());
            } finally {
                dialing.remove(a);
            }
        });
    }

    private void dial(InetSocketAddress address) {
        try (Connection c = Connection.dial(address, CONNECT_TIMEOUT)) {
            c.readTimeout(HANDSHAKE_TIMEOUT);
            Handshake.ours(st.infoHash, st.ourId).write(c.output());
            Handshake theirs = Handshake.read(c.input());
            if (!theirs.sameTorrent(st.infoHash)) {
                log.debug("{} answered for another torrent", address);
                return;
            }
            serve(c, theirs, address, null);
        } catch (IOException e) {
            log.debug("peer {}: {}", address, e.toString());
        } finally {
            dialing.remove(address);
        }
    }

    /**
     * {@code dialled}: the address we dialled (or adopted), null for a peer that dialled us; {@code received}: for an
     * adopted connection, what the peer sent before that the session must read first; else null.
     */
    private void serve(Connection c, Handshake theirs, InetSocketAddress dialled, byte[] received) throws IOException {
        PeerIdentity id = PeerIdentity.of(c.remoteAddress(), theirs, dialled != null);
        PeerLink link = new PeerLink(c, id.name(), reader, received == null ? new byte[0] : received);
        PeerSession session = sessions.open(id, link);
        String refused = admit(session, received != null);
        // Admitted, it counts against the cap as a session (and isConnected knows it); refused, it is done: either
        // way it is no longer being dialled, or a connected outgoing peer would count twice.
        if (dialled != null) dialing.remove(dialled);
        if (refused != null) {
            log.debug("refused {}: {}", session, refused);
            return;
        }
        st.events.peerConnected(session.name(), "");
        String reason = "closed";
        try {
            link.run(session, codec);
        } catch (PeerProtocolException e) {
            reason = "protocol error: " + e.getMessage();
        } catch (IOException e) {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
            closed(session, reason);
        }
    }

    /** Registers a handshaken peer and queues our opening messages; returns why not, or null. */
    private String admit(PeerSession session, boolean adopted) {
        PeerIdentity id = session.identity();
        synchronized (st.lock) {
            if (st.closed()) return "shutting down";
            if (id.hasId(st.ourId)) return "that is us";
            if (completion.isBanned(id)) return "banned";
            for (PeerSession other : st.sessions()) {
                if (!other.identity().hasId(id.peerId())) continue;
                // Two connections between the same pair (both dialled): both sides keep the one opened by
                // the lower peer id, so they agree without talking.
                if (other.identity().initiatorOrder(st.ourId) < id.initiatorOrder(st.ourId)) return "already connected";
                other.close();
            }
            if (open() >= st.config.maxPeers() && !makeRoom()) return "peer limit reached";
            st.add(session);
            session.opened(listenPort(), adopted);
            return null;
        }
    }

    /** Under the lock: connected peers not closed already (a closed one leaves the list when its thread ends). */
    private long open() {
        return st.sessions().stream().filter(s -> !s.isClosed()).count();
    }

    /**
     * Under the lock, every slot taken: closes the peer that has had nothing to trade with us (neither side
     * interested) the longest, if that is past the grace, so that idle peers sending keep-alives cannot hold every
     * slot (libtorrent, too, disconnects peers that are not interesting either way to make room). False if none qualifies.
     */
    private boolean makeRoom() {
        long now = st.now(), grace = st.config.tradeGrace().toNanos();
        PeerSession idlest = null;
        long longest = -1;
        for (PeerSession s : st.sessions()) {
            if (s.isClosed()) continue;
            long idle = s.state().nothingToTradeNanos(now);
            if ((s.state().amInterested() || s.state().peerInterested()) || idle < grace) continue;
            if (idle > longest) {
                longest = idle;
                idlest = s;
            }
        }
        if (idlest == null) return false;
        log.debug("{} had nothing to trade for {} ms: closed to make room", idlest, longest / 1_000_000);
        idlest.close();
        return true;
    }

    private void closed(PeerSession session, String reason) {
        session.close();
        List<PeerSession> others;
        synchronized (st.lock) {
            if (!st.remove(session)) return;
            session.left();
            choking.forget(session);
            others = List.copyOf(st.sessions());
        }
        st.events.peerDisconnected(session.name(), reason);
        for (PeerSession s : others) s.fill(); // someone else may take over what it had been asked for
    }

    /** Our own listener's address (one of our interfaces at our port). */
    boolean isSelf(InetSocketAddress a) {
        OptionalInt ours = listenPort();
        if (ours.isEmpty() || a.getPort() != ours.getAsInt() || a.getAddress() == null) return false;
        if (a.getAddress().isLoopbackAddress() || a.getAddress().isAnyLocalAddress()) return true;
        try {
            return NetworkInterface.getByInetAddress(a.getAddress()) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
