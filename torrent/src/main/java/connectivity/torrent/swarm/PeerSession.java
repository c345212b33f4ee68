package connectivity.torrent.swarm;

import connectivity.net.support.Interrupted;
import connectivity.torrent.peer.AllowedFast;
import connectivity.torrent.peer.Bitfields;
import connectivity.torrent.peer.ExtensionHandshake;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.PeerProtocolException;
import connectivity.torrent.storage.PieceHasher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected peer's side of the protocol: what its messages mean to the swarm, and our request pipeline to
 * it. Its connection's reader calls in with each message; a received block goes on to the disk through this
 * peer's {@link BlockWriter.Batch}, and from there to {@link PieceCompletion}. The shared state it touches is
 * guarded by the swarm's lock, never held across I/O.
 */
final class PeerSession {
    private static final Logger log = LoggerFactory.getLogger(PeerSession.class);
    /** Requests sent together once the peer's queue has room for them. */
    private static final int REQUEST_BATCH = 32;

    private final SwarmState st;
    private final PeerIdentity id;
    private final String name;
    private final PeerState state;
    private final PeerConnection connection;
    private final PieceCompletion completion;
    private final ChokeRound choking;
    private final Extensions extensions;
    private final PeerUploads uploads;
    private final Throttle downloadThrottle;
    /** Blocks received in a row, on their way to the disk; only the reader thread touches it. */
    private final BlockWriter.Batch blocks;
    /** The peer's ids for the extension messages it understands (BEP 10 {@code m}); under the lock. */
    private final Map<String, Integer> theirExtensions = new TreeMap<>();
    private volatile boolean closed;

    PeerSession(SwarmState st, PeerIdentity id, PeerConnection connection, PieceCompletion completion, ChokeRound choking,
            Extensions extensions, Throttle downloadThrottle, BlockWriter disk) {
        this.st = st;
        this.id = id;
        this.name = id.name();
        this.connection = connection;
        this.completion = completion;
        this.choking = choking;
        this.extensions = extensions;
        this.downloadThrottle = downloadThrottle;
        this.state = new PeerState(st.pieceCount, st.layout.maxBlocksPerPiece(), st.layout.blockSize(), st.now());
        this.blocks = disk.batch(this);
        this.uploads = new PeerUploads(st, id.fast(), state, connection);
    }

    /** What it asks of us. */
    PeerUploads uploads() {
        return uploads;
    }

    PeerIdentity identity() {
        return id;
    }

    /** For the swarm's other parts (choke round, completion, status): read under the lock, written here. */
    PeerState state() {
        return state;
    }

    String name() {
        return name;
    }

    /** As status lists it: its name, and its client if it told us. */
    String describe() {
        return name + (state.client().isEmpty() ? "" : " (" + state.client() + ")");
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
        connection.close();
    }

    /** Its extension id for {@code message}, if its handshake named it (for handlers that send). */
    OptionalInt theirExtensionId(String message) {
        synchronized (st.lock) {
            Integer i = theirExtensions.get(message);
            return i == null || i == 0 ? OptionalInt.empty() : OptionalInt.of(i);
        }
    }

    void send(Message m) {
        connection.send(m);
    }

    // ---- opening and closing (under the lock) ----

    /** Just admitted: our opening messages (what we have, its allowed-fast pieces, our extension handshake). */
    void opened(OptionalInt listenPort, boolean adopted) {
        state.queueDepth(st.config.initialQueue());
        BitSet have = st.have();
        int count = have.cardinality();
        if (adopted) {
            // The metadata phase opened this connection (with HAVE NONE under BEP 6): what we have goes as HAVEs.
            for (int p = have.nextSetBit(0); p >= 0; p = have.nextSetBit(p + 1)) send(new Message.Have(p));
        } else if (id.fast() && count == st.pieceCount) send(Message.HAVE_ALL);
        else if (id.fast() && count == 0) send(Message.HAVE_NONE);
        else if (count > 0) send(new Message.Bitfield(Bitfields.toWire(have, st.pieceCount)));
        if (id.fast()) {
            // BEP 6: a few pieces it may fetch even while choked, so a newcomer gets something to trade at once.
            for (int piece : AllowedFast.set(id.address().getAddress(), st.infoHash, st.pieceCount, AllowedFast.SET_SIZE)) {
                if (!have.get(piece)) continue;
                state.giveAllowedFast(piece);
                send(new Message.AllowedFast(piece));
            }
        }
        if (id.extensions()) send(new Message.Extended(0, extensions.handshake(st.config.maxPeerRequests(), listenPort).encode()));
    }

    /** Gone: what it had and what we had asked of it go back to the picker. */
    void left() {
        st.picker().removeAvailability(state.has());
        releaseAll();
        st.picker().forget(this);
    }

    // ---- messages ----

    void onMessage(Message m) throws IOException {
        switch (m) {
            case Message.KeepAlive k -> { }
            case Message.Choke c -> onChoked();
            case Message.Unchoke u -> {
                state.peerChoking(false);
                fill();
            }
            case Message.Interested i -> onInterested();
            case Message.NotInterested n -> state.peerInterested(false, st.now());
            case Message.Have h -> onHave(h.piece());
            case Message.Bitfield b -> onPieces(Bitfields.fromWire(b.bits(), st.pieceCount));
            case Message.HaveAll h -> {
                requireFast("have-all");
                BitSet all = new BitSet(st.pieceCount);
                all.set(0, st.pieceCount);
                onPieces(all);
            }
            case Message.HaveNone h -> requireFast("have-none");
            case Message.Request r -> uploads.onRequest(r);
            case Message.Piece p -> onBlock(p.piece(), p.begin(), ByteBuffer.wrap(p.data()));
            case Message.Cancel c -> uploads.onCancel(c);
            case Message.Reject r -> {
                requireFast("reject");
                synchronized (st.lock) {
                    if (state.requestEnded(PeerState.key(r.piece(), r.begin()))) st.picker().release(r.piece(), r.begin());
                }
                // No immediate re-request: a peer rejecting everything would spin us; the tick retries.
            }
            case Message.AllowedFast a -> {
                requireFast("allowed-fast");
                if (a.piece() >= 0 && a.piece() < st.pieceCount) {
                    synchronized (st.lock) {
                        state.allowFast(a.piece());
                    }
                    fill();
                }
            }
            case Message.Extended e -> {
                if (e.extendedId() == 0) onExtensionHandshake(e.payload());
                else extensions.dispatch(this, e.extendedId(), e.payload());
            }
            case Message.SuggestPiece s -> { }
            case Message.Port p -> { }
            case Message.Unknown u -> { }
        }
    }

    private void requireFast(String what) throws PeerProtocolException {
        if (!id.fast()) throw new PeerProtocolException(what + " without the fast extension");
    }

    private void onExtensionHandshake(byte[] payload) throws PeerProtocolException {
        ExtensionHandshake theirs = ExtensionHandshake.decode(payload);
        synchronized (st.lock) {
            theirs.requestQueue().ifPresent(state::peerQueueLimit);
            state.client(theirs.client());
            theirs.listenPort().ifPresent(p -> state.listenAddress(new InetSocketAddress(id.address().getAddress(), p)));
            theirExtensions.putAll(theirs.messages());
        }
    }

    private void onPieces(BitSet pieces) {
        synchronized (st.lock) {
            st.picker().addAvailability(state.addPieces(pieces));
            updateInterest();
            if (completion.isComplete() && state.hasAll(st.pieceCount)) {
                close(); // two seeds have nothing to say to each other
                return;
            }
        }
        fill();
    }

    private void onHave(int piece) throws PeerProtocolException {
        if (piece < 0 || piece >= st.pieceCount) throw new PeerProtocolException("have for piece " + piece + " of " + st.pieceCount);
        synchronized (st.lock) {
            if (!state.addPiece(piece)) return;
            st.picker().addAvailability(piece);
            if (!st.have().get(piece) && st.picker().wanted(piece) && !state.amInterested()) {
                state.amInterested(true, st.now());
                send(Message.INTERESTED);
            }
            if (completion.isComplete() && state.hasAll(st.pieceCount)) {
                close();
                return;
            }
        }
        fill();
    }

    /** Under the lock: we verified a piece; the peer hears of it, and may have become uninteresting. */
    void weHave(int piece) {
        send(new Message.Have(piece));
        updateInterest();
    }

    /** Under the lock: the wanted files changed; the peer may have become interesting or not. */
    void wantsChanged() {
        updateInterest();
    }

    /** Under the lock: tell the peer whether it has anything we lack and want, when that changes. */
    private void updateInterest() {
        BitSet lacking = (BitSet) state.has().clone();
        lacking.andNot(st.have());
        lacking.and(st.picker().wantedPieces());
        boolean want = !lacking.isEmpty();
        if (want != state.amInterested()) {
            state.amInterested(want, st.now());
            send(want ? Message.INTERESTED : Message.NOT_INTERESTED);
        }
    }

    private void onChoked() {
        synchronized (st.lock) {
            state.peerChoking(true);
            // With the fast extension the peer rejects each request it drops; without it, a choke drops them all.
            if (!id.fast()) releaseAll();
            // A piece refetched from this peer alone after a bad hash would wait for as long as it keeps us choked,
            // and a choked peer is never snubbed: others may take it (the culprit is then less certain).
            st.picker().forget(this);
        }
    }

    /** Under the lock. */
    private void releaseAll() {
        for (long k : state.dropOutstanding()) st.picker().release((int) (k >>> 32), (int) k);
    }

    private void onInterested() {
        synchronized (st.lock) {
            state.peerInterested(true, st.now());
            choking.interested(this);
        }
    }

    /** A block arrived; {@code data} is valid only until this returns (it may be a view of the peer's input buffer). */
    void onBlock(int piece, int begin, ByteBuffer data) throws IOException {
        int length = data.remaining();
        int bs = st.layout.blockSize();
        if (piece < 0 || piece >= st.pieceCount || begin < 0 || begin % bs != 0 || begin >= st.layout.pieceSize(piece)
                || length != Math.min(bs, st.layout.pieceSize(piece) - begin)) {
            throw new PeerProtocolException("block out of range: piece " + piece + " begin " + begin + " length " + length);
        }
        if (downloadThrottle != null) downloadThrottle.acquireIo(length);
        long k = PeerState.key(piece, begin);
        PieceHasher hasher = null;
        synchronized (st.lock) {
            if (!state.everRequested(piece, begin)) throw new PeerProtocolException("unrequested block: piece " + piece + " begin " + begin);
            state.dataArrived(st.now());
            state.slowStart(st.config.maxQueue());
            boolean requested = state.requestEnded(k);
            boolean mine = !st.have().get(piece) && st.picker().arrived(piece, begin, requested);
            if (mine) {
                hasher = completion.hasher(piece);
                for (PeerSession other : st.sessions()) {
                    if (other != this && other.state.requestEnded(k)) {
                        st.picker().release(piece, begin);
                        other.send(new Message.Cancel(piece, begin, length)); // endgame: someone else was faster
                    }
                }
            }
        }
        state.down.add(length);
        st.down.add(length);
        if (hasher != null) {
            hasher.written(begin, data); // here, in arrival order: the disk threads may take batches out of order
            try {
                blocks.add(piece, begin, data);
            } catch (InterruptedException e) {
                throw Interrupted.io(e);
            }
        }
        refill();
    }

    /** The reader has read all it had buffered and is about to wait: what it has received goes to the disk now. */
    void endOfRun() throws IOException {
        try {
            blocks.flush();
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        }
    }

    // ---- our requests ----

    /** Asks the peer for as many blocks as its queue has room for. */
    void fill() {
        fill(1);
    }

    /**
     * After a block: asks again only once a batch's worth of room has freed, so requests leave in groups
     * (one write, one wake-up of the peer) rather than one small message per block received.
     */
    private void refill() {
        fill(Math.max(1, Math.min(REQUEST_BATCH, state.queueDepth() / 4)));
    }

    private void fill(int minRoom) {
        synchronized (st.lock) {
            if (closed || !state.amInterested()) return;
            BitSet usable;
            if (!state.peerChoking()) {
                usable = state.has();
            } else if (id.fast() && !state.allowedFast().isEmpty()) {
                usable = (BitSet) state.allowedFast().clone();
                usable.and(state.has());
            } else {
                return;
            }
            int room = state.requestRoom();
            if (room <= 0 || (room < minRoom && state.outstandingCount() > state.requestLimit() / 2)) return;
            List<PiecePicker.Block> picked = st.picker().pick(this, usable, room, state::isOutstanding);
            for (PiecePicker.Block b : picked) {
                state.requested(b);
                send(new Message.Request(b.piece(), b.begin(), b.length()));
            }
        }
    }

    // ---- every second ----

    /**
     * Under the lock, once a second: closes it if it has been silent past the idle timeout (false then), folds its
     * rates, sizes its request queue to about a second's worth, and takes back requests it sits on (snubbed).
     */
    boolean tick(long now, double seconds) {
        if (now - connection.lastReadNanos() > st.config.idleTimeout().toNanos()) {
            // Peers are read from their channels, which have no read timeout: this is it.
            log.debug("{} sent nothing for {}: closing", name, st.config.idleTimeout());
            close();
            return false;
        }
        state.down.tick(seconds);
        state.up.tick(seconds);
        // Keep about a second's worth of blocks in flight: deep on loopback, shallow on slow links.
        if (state.down.rate() > 0) {
            state.endSlowStart();
            int depth = (int) (state.down.rate() / st.layout.blockSize());
            state.queueDepth(Math.max(16, Math.min(st.config.maxQueue(), Math.max(depth, st.config.initialQueue()))));
        }
        if (state.outstandingCount() > 0 && now - state.lastDataNanos() > st.config.snubTimeout().toNanos()) {
            log.debug("{} sent nothing for {}: its requests go to others", name, st.config.snubTimeout());
            releaseAll();
            st.picker().forget(this);
            state.dataArrived(now);
        }
        return true;
    }

    @Override
    public String toString() {
        return name;
    }
}
