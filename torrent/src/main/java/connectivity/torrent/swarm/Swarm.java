package connectivity.torrent.swarm;

import connectivity.net.Connection;
import connectivity.net.Listener;
import connectivity.torrent.peer.AllowedFast;
import connectivity.torrent.peer.Bitfields;
import connectivity.torrent.peer.ExtensionHandshake;
import connectivity.torrent.peer.Handshake;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.PeerId;
import connectivity.torrent.peer.ProtocolException;
import connectivity.torrent.peer.WireCodec;
import connectivity.torrent.storage.PieceHasher;
import connectivity.torrent.storage.PieceStore;
import connectivity.torrent.storage.TorrentLayout;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One torrent being downloaded and shared: the peers connected for it, what they have, what we asked
 * of whom, and the pieces on disk. Peer threads call in with what they read; all shared state is
 * guarded by one lock, never held across I/O.
 */
public final class Swarm implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Swarm.class);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The request queue we advertise (BEP 10 {@code reqq}) and allow per peer. */
    static final int OUR_REQUEST_QUEUE = 2048;
    private static final Duration ALONE_RETRY_FIRST = Duration.ofMillis(250), ALONE_RETRY_MAX = Duration.ofSeconds(8);
    /** Requests sent together once the peer's queue has room for them. */
    private static final int REQUEST_BATCH = 32;

    private final TorrentLayout layout;
    private final byte[] infoHash;
    private final byte[] peerId = PeerId.random();
    private final PieceStore store;
    private final SwarmConfig config;
    private final PeerSource source;
    private final SwarmEvents events;
    private final WireCodec codec;
    private final int pieceCount;
    private final int totalBlocks;
    private final Throttle throttle;
    private final Throttle uploadThrottle;
    private final Random random = new Random();

    private final Object lock = new Object();
    private final BitSet have;
    private final PiecePicker picker;
    private final List<PeerLink> links = new ArrayList<>();
    /** Stores received blocks on threads of its own; made when the swarm starts. */
    private BlockWriter disk;
    /** The running hash of each piece with blocks received, until it is checked. */
    private final Map<Integer, PieceHasher> hashers = new HashMap<>();
    private long bytesDone;
    private PeerLink optimistic;
    private long optimisticSinceNanos;

    private final Set<String> banned = ConcurrentHashMap.newKeySet();
    private final Set<InetSocketAddress> dialing = ConcurrentHashMap.newKeySet();
    private final RateMeter down = new RateMeter();
    private final RateMeter up = new RateMeter();
    private final CountDownLatch complete = new CountDownLatch(1);
    private final CountDownLatch failedLatch = new CountDownLatch(1);
    private final boolean completeAtStart;
    private final Semaphore wakeAnnouncer = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private volatile PeerSource.Event pendingEvent;
    /** The tracker has heard "completed" (if it has not when we stop, it hears it before "stopped"). */
    private volatile boolean completedAnnounced;
    private volatile IOException failure;
    private volatile boolean closed;
    private Listener listener;

    private Swarm(TorrentLayout layout, byte[] infoHash, PieceStore store, BitSet have, SwarmConfig config, PeerSource source,
            SwarmEvents events) {
        this.layout = layout;
        this.infoHash = infoHash.clone();
        this.store = store;
        this.have = have;
        this.config = config;
        this.source = source;
        this.events = events;
        this.pieceCount = layout.pieceCount();
        this.totalBlocks = pieceCount * layout.maxBlocksPerPiece();
        this.codec = new WireCodec(pieceCount);
        this.picker = new PiecePicker(layout, have, random);
        this.throttle = config.downloadLimit() > 0 ? new Throttle(config.downloadLimit()) : null;
        this.uploadThrottle = config.uploadLimit() > 0 ? new Throttle(config.uploadLimit()) : null;
        for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) bytesDone += layout.pieceSize(i);
        this.completeAtStart = have.cardinality() == pieceCount;
        if (completeAtStart) complete.countDown();
    }

    /**
     * Opens (creating and sizing files as needed) the download in {@code dir} and hashes what is already
     * there, so only missing pieces are fetched. {@code verifying} hears of each piece checked.
     */
    public static Swarm forDownload(TorrentLayout layout, byte[] infoHash, Path dir, SwarmConfig config, PeerSource source,
            SwarmEvents events, IntConsumer verifying) throws IOException {
        PieceStore store = PieceStore.openForDownload(dir, layout);
        try {
            BitSet have = store.verifyFound(config.hashThreads(), verifying);
            return new Swarm(layout, infoHash, store, have, config, source, events);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Opens complete data in {@code dir} read-only and verifies every piece; fails unless all are good. */
    public static Swarm forSeeding(TorrentLayout layout, byte[] infoHash, Path dir, SwarmConfig config, PeerSource source,
            SwarmEvents events, IntConsumer verifying) throws IOException {
        PieceStore store = PieceStore.openForSeeding(dir, layout);
        try {
            BitSet have = store.verifyAll(config.hashThreads(), verifying);
            if (have.cardinality() != layout.pieceCount()) {
                throw new IOException("only " + have.cardinality() + " of " + layout.pieceCount()
                        + " pieces in " + dir + " match the torrent; seeding needs all of them");
            }
            return new Swarm(layout, infoHash, store, have, config, source, events);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Starts listening, announcing, choking. */
    public synchronized Swarm start() throws IOException {
        disk = new BlockWriter(this::store);
        listener = Listener.start("torrent-peers", config.bindAddress(), config.port(), this::acceptIncoming);
        threads.add(Thread.ofVirtual().name("torrent-announce").start(this::announceLoop));
        threads.add(Thread.ofVirtual().name("torrent-tick").start(this::tickLoop));
        threads.add(Thread.ofVirtual().name("torrent-choke").start(this::chokeLoop));
        return this;
    }

    public int port() {
        return listener.port();
    }

    public byte[] peerId() {
        return peerId.clone();
    }

    public TorrentLayout layout() {
        return layout;
    }

    public boolean isComplete() {
        return complete.getCount() == 0;
    }

    public boolean wasCompleteAtStart() {
        return completeAtStart;
    }

    public BitSet have() {
        synchronized (lock) {
            return (BitSet) have.clone();
        }
    }

    public int peerCount() {
        synchronized (lock) {
            return links.size();
        }
    }

    public List<String> peers() {
        synchronized (lock) {
            return links.stream().map(l -> l.name + (l.client.isEmpty() ? "" : " (" + l.client + ")")).toList();
        }
    }

    /** Ban keys ({@code ip/peer-id-hex}) of peers dropped for sending corrupt data. */
    public Set<String> banned() {
        return Set.copyOf(banned);
    }

    public SwarmStatus status() {
        synchronized (lock) {
            return new SwarmStatus(have.cardinality(), pieceCount, bytesDone, layout.totalLength(), down.rate(), up.rate(),
                    links.size(), down.total(), up.total(), isComplete());
        }
    }

    /** Waits for the download to finish; false on timeout; throws if the disk failed. */
    public boolean awaitComplete(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!complete.await(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)) {
            if (failure != null) throw failure;
            if (System.nanoTime() >= deadline) return false;
        }
        return true;
    }

    /** Blocks until the swarm fails (disk error) or the thread is interrupted; for "seed until stopped". */
    public void awaitFailure() throws IOException, InterruptedException {
        failedLatch.await();
        if (failure != null) throw failure;
    }

    /** Connects to peers given by hand (tests, or peers learned elsewhere). */
    public void connect(List<InetSocketAddress> peers) {
        connectTo(peers);
    }

    // ---- connections -------------------------------------------------------------------------------

    private void acceptIncoming(Connection c) throws IOException {
        c.readTimeout(HANDSHAKE_TIMEOUT);
        Handshake theirs = Handshake.read(c.input());
        if (!theirs.sameTorrent(infoHash) || Arrays.equals(theirs.peerId(), peerId)) return; // not ours, or ourselves
        Handshake.ours(infoHash, peerId).write(c.output());
        serve(c, theirs, false);
    }

    private void dial(InetSocketAddress address) {
        try (Connection c = Connection.dial(address, CONNECT_TIMEOUT)) {
            c.readTimeout(HANDSHAKE_TIMEOUT);
            Handshake.ours(infoHash, peerId).write(c.output());
            Handshake theirs = Handshake.read(c.input());
            if (!theirs.sameTorrent(infoHash)) {
                log.debug("{} answered for another torrent", address);
                return;
            }
            serve(c, theirs, true);
        } catch (IOException e) {
            log.debug("peer {}: {}", address, e.toString());
        } finally {
            dialing.remove(address);
        }
    }

    private void serve(Connection c, Handshake theirs, boolean outgoing) throws IOException {
        PeerLink link = new PeerLink(this, c, theirs, outgoing, totalBlocks);
        String refused = admit(link);
        if (refused != null) {
            log.debug("refused {}: {}", link, refused);
            return;
        }
        events.peerConnected(link.name, "");
        String reason = "closed";
        try {
            link.run(codec);
        } catch (ProtocolException e) {
            reason = "protocol error: " + e.getMessage();
        } catch (IOException e) {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
            onClosed(link, reason);
        }
    }

    /** Registers a handshaken peer and queues our opening messages; returns why not, or null. */
    private String admit(PeerLink link) {
        synchronized (lock) {
            if (closed) return "shutting down";
            if (Arrays.equals(link.peerId, peerId)) return "that is us";
            if (banned.contains(link.banKey())) return "banned";
            for (PeerLink other : links) {
                if (!Arrays.equals(other.peerId, link.peerId)) continue;
                // Two connections between the same pair (both dialled): both sides keep the one opened by
                // the lower peer id, so they agree without talking.
                if (initiator(other) < initiator(link)) return "already connected";
                other.close();
            }
            if (links.size() >= config.maxPeers()) return "peer limit reached";
            links.add(link);
            link.queueDepth = config.initialQueue();
            int count = have.cardinality();
            if (link.fast && count == pieceCount) link.send(Message.HAVE_ALL);
            else if (link.fast && count == 0) link.send(Message.HAVE_NONE);
            else if (count > 0) link.send(new Message.Bitfield(Bitfields.toWire(have, pieceCount)));
            if (link.fast) {
                // BEP 6: a few pieces it may fetch even while choked, so a newcomer gets something to trade at once.
                for (int piece : AllowedFast.set(link.address.getAddress(), infoHash, pieceCount, AllowedFast.SET_SIZE)) {
                    if (!have.get(piece)) continue;
                    link.allowedFastGiven.set(piece);
                    link.send(new Message.AllowedFast(piece));
                }
            }
            if (link.extensions) {
                ExtensionHandshake ours = new ExtensionHandshake(Map.of(), "Connectivity 0.1",
                        OptionalInt.of(OUR_REQUEST_QUEUE), listener == null ? OptionalInt.empty() : OptionalInt.of(listener.port()));
                link.send(new Message.Extended(0, ours.encode()));
            }
            return null;
        }
    }

    private int initiator(PeerLink link) {
        byte[] initiatorId = link.outgoing ? peerId : link.peerId;
        byte[] otherId = link.outgoing ? link.peerId : peerId;
        return Arrays.compareUnsigned(initiatorId, otherId);
    }

    private void onClosed(PeerLink link, String reason) {
        link.close();
        List<PeerLink> others;
        synchronized (lock) {
            if (!links.remove(link)) return;
            picker.removeAvailability(link.has);
            releaseAll(link);
            picker.forget(link);
            if (optimistic == link) optimistic = null;
            others = List.copyOf(links);
        }
        events.peerDisconnected(link.name, reason);
        for (PeerLink l : others) fill(l); // someone else may take over what it had been asked for
    }

    private void connectTo(List<InetSocketAddress> peers) {
        for (InetSocketAddress a : peers) {
            if (closed || isSelf(a) || dialing.contains(a)) continue;
            synchronized (lock) {
                if (links.size() + dialing.size() >= config.maxPeers()) return;
                boolean known = links.stream().anyMatch(l -> (l.outgoing && l.address.equals(a)) || a.equals(l.listenAddress));
                if (known) continue;
            }
            if (dialing.add(a)) Thread.ofVirtual().name("peer-dial " + a).start(() -> dial(a));
        }
    }

    private boolean isSelf(InetSocketAddress a) {
        if (listener == null || a.getPort() != listener.port() || a.getAddress() == null) return false;
        if (a.getAddress().isLoopbackAddress() || a.getAddress().isAnyLocalAddress()) return true;
        try {
            return NetworkInterface.getByInetAddress(a.getAddress()) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    // ---- messages ----------------------------------------------------------------------------------

    static long key(int piece, int begin) {
        return PiecePicker.Block.key(piece, begin);
    }

    void onMessage(PeerLink link, Message m) throws IOException {
        switch (m) {
            case Message.KeepAlive k -> { }
            case Message.Choke c -> onChoked(link);
            case Message.Unchoke u -> {
                link.peerChoking = false;
                fill(link);
            }
            case Message.Interested i -> onInterested(link);
            case Message.NotInterested n -> link.peerInterested = false;
            case Message.Have h -> onHave(link, h.piece());
            case Message.Bitfield b -> onPieces(link, Bitfields.fromWire(b.bits(), pieceCount));
            case Message.HaveAll h -> {
                requireFast(link, "have-all");
                BitSet all = new BitSet(pieceCount);
                all.set(0, pieceCount);
                onPieces(link, all);
            }
            case Message.HaveNone h -> requireFast(link, "have-none");
            case Message.Request r -> onRequest(link, r);
            case Message.Piece p -> onBlock(link, p.piece(), p.begin(), ByteBuffer.wrap(p.data()));
            case Message.Cancel c -> link.uploads.remove(key(c.piece(), c.begin()));
            case Message.Reject r -> {
                requireFast(link, "reject");
                synchronized (lock) {
                    if (link.outstanding.remove(key(r.piece(), r.begin()))) picker.release(r.piece(), r.begin());
                }
                // No immediate re-request: a peer rejecting everything would spin us; the tick retries.
            }
            case Message.AllowedFast a -> {
                requireFast(link, "allowed-fast");
                if (a.piece() >= 0 && a.piece() < pieceCount) {
                    synchronized (lock) {
                        link.allowedFast.set(a.piece());
                    }
                    fill(link);
                }
            }
            case Message.Extended e -> {
                if (e.extendedId() == 0) onExtensionHandshake(link, e.payload());
            }
            case Message.SuggestPiece s -> { }
            case Message.Port p -> { }
            case Message.Unknown u -> { }
        }
    }

    private static void requireFast(PeerLink link, String what) throws ProtocolException {
        if (!link.fast) throw new ProtocolException(what + " without the fast extension");
    }

    private void onExtensionHandshake(PeerLink link, byte[] payload) throws ProtocolException {
        ExtensionHandshake theirs = ExtensionHandshake.decode(payload);
        synchronized (lock) {
            theirs.requestQueue().ifPresent(q -> link.peerQueueLimit = Math.max(1, q));
            link.client = theirs.client();
            theirs.listenPort().ifPresent(p -> link.listenAddress = new InetSocketAddress(link.address.getAddress(), p));
        }
    }

    private void onPieces(PeerLink link, BitSet pieces) {
        synchronized (lock) {
            BitSet fresh = (BitSet) pieces.clone();
            fresh.andNot(link.has);
            link.has.or(fresh);
            picker.addAvailability(fresh);
            updateInterest(link);
            if (isComplete() && link.has.cardinality() == pieceCount) {
                link.close(); // two seeds have nothing to say to each other
                return;
            }
        }
        fill(link);
    }

    private void onHave(PeerLink link, int piece) throws ProtocolException {
        if (piece < 0 || piece >= pieceCount) throw new ProtocolException("have for piece " + piece + " of " + pieceCount);
        synchronized (lock) {
            if (link.has.get(piece)) return;
            link.has.set(piece);
            picker.addAvailability(piece);
            if (!have.get(piece) && !link.amInterested) {
                link.amInterested = true;
                link.send(Message.INTERESTED);
            }
            if (isComplete() && link.has.cardinality() == pieceCount) {
                link.close();
                return;
            }
        }
        fill(link);
    }

    /** Under the lock: tell the peer whether it has anything we lack, when that changes. */
    private void updateInterest(PeerLink link) {
        BitSet lacking = (BitSet) link.has.clone();
        lacking.andNot(have);
        boolean want = !lacking.isEmpty();
        if (want != link.amInterested) {
            link.amInterested = want;
            link.send(want ? Message.INTERESTED : Message.NOT_INTERESTED);
        }
    }

    private void onChoked(PeerLink link) {
        synchronized (lock) {
            link.peerChoking = true;
            // With the fast extension the peer rejects each request it drops; without it, a choke drops them all.
            if (!link.fast) releaseAll(link);
        }
    }

    private void releaseAll(PeerLink link) {
        for (long k : link.outstanding) picker.release((int) (k >>> 32), (int) k);
        link.outstanding.clear();
    }

    private void onInterested(PeerLink link) {
        synchronized (lock) {
            link.peerInterested = true;
            long unchoked = links.stream().filter(l -> !l.amChoking).count();
            // Free slots are given at once rather than at the next choke round, so a new swarm starts quickly.
            if (link.amChoking && unchoked < config.uploadSlots() + 1) unchoke(link);
        }
    }

    private void unchoke(PeerLink link) {
        link.amChoking = false;
        link.send(Message.UNCHOKE);
    }

    private void choke(PeerLink link) {
        link.amChoking = true;
        link.send(Message.CHOKE);
        for (Long k : List.copyOf(link.uploads)) {
            int piece = (int) (k >>> 32), begin = (int) (long) k;
            if (link.allowedFastGiven.get(piece)) continue; // still served: choking does not cover allowed-fast pieces
            if (link.uploads.remove(k) && link.fast) {
                link.send(new Message.Reject(piece, begin, Math.min(layout.blockSize(), layout.pieceSize(piece) - begin)));
            }
        }
    }

    private void onRequest(PeerLink link, Message.Request r) throws ProtocolException {
        if (r.length() <= 0 || r.length() > WireCodec.MAX_BLOCK) throw new ProtocolException("request for " + r.length() + " bytes");
        if (r.piece() < 0 || r.piece() >= pieceCount || r.begin() < 0 || (long) r.begin() + r.length() > layout.pieceSize(r.piece())) {
            throw new ProtocolException("request out of range: piece " + r.piece() + " begin " + r.begin() + " length " + r.length());
        }
        synchronized (lock) {
            boolean allowed = (!link.amChoking && link.peerInterested) || link.allowedFastGiven.get(r.piece());
            boolean serve = allowed && have.get(r.piece()) && link.uploads.size() < OUR_REQUEST_QUEUE;
            if (serve && link.uploads.add(key(r.piece(), r.begin()))) {
                link.queueUpload(new PeerLink.Upload(r.piece(), r.begin(), r.length()));
            } else if (!serve && link.fast) {
                link.send(new Message.Reject(r.piece(), r.begin(), r.length()));
            }
        }
    }

    /** A block arrived; {@code data} is valid only until this returns (it may be a view of the peer's input buffer). */
    void onBlock(PeerLink link, int piece, int begin, ByteBuffer data) throws IOException {
        int length = data.remaining();
        int bs = layout.blockSize();
        if (piece < 0 || piece >= pieceCount || begin < 0 || begin % bs != 0 || begin >= layout.pieceSize(piece)
                || length != Math.min(bs, layout.pieceSize(piece) - begin)) {
            throw new ProtocolException("block out of range: piece " + piece + " begin " + begin + " length " + length);
        }
        if (throttle != null) {
            try {
                throttle.acquire(length);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        long k = key(piece, begin);
        boolean mine;
        PieceHasher hasher = null;
        synchronized (lock) {
            if (!link.everRequested.get(piece * layout.maxBlocksPerPiece() + begin / bs)) {
                throw new ProtocolException("unrequested block: piece " + piece + " begin " + begin);
            }
            link.lastDataNanos = System.nanoTime();
            if (link.outstanding.remove(k)) picker.release(piece, begin);
            mine = !have.get(piece) && picker.claim(piece, begin);
            if (mine) {
                hasher = hashers.computeIfAbsent(piece, PieceHasher::new);
                for (PeerLink other : links) {
                    if (other != link && other.outstanding.remove(k)) {
                        picker.release(piece, begin);
                        other.send(new Message.Cancel(piece, begin, length)); // endgame: someone else was faster
                    }
                }
            }
        }
        link.down.add(length);
        down.add(length);
        if (mine) {
            hasher.written(begin, data); // here, in arrival order: the disk threads may take batches out of order
            try {
                link.blocks.add(piece, begin, data);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        refill(link);
    }

    /** A peer's reader is about to wait for more: what it has received goes to the disk now. */
    void flushBlocks(PeerLink link) throws IOException {
        try {
            link.blocks.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    BlockWriter.Batch blockBatch(PeerLink link) {
        return disk.batch(link);
    }

    /** On a disk thread: stores a batch of blocks, and checks their piece once every block of it is stored. */
    private void store(BlockWriter.Pending batch) {
        int piece = batch.piece(), from = batch.begin(), to = from + batch.data().remaining(), bs = layout.blockSize();
        try {
            store.write(piece, from, batch.data());
        } catch (IOException e) {
            synchronized (lock) {
                for (int begin = from; begin < to; begin += bs) picker.unclaim(piece, begin);
            }
            if (!closed) fail(e);
            return;
        }
        PieceHasher hasher = null;
        synchronized (lock) {
            for (int begin = from; begin < to; begin += bs) {
                if (picker.written(piece, begin, batch.link())) hasher = hashers.get(piece);
            }
        }
        if (hasher == null) return;
        try {
            checkPiece(piece, hasher);
        } catch (IOException e) {
            if (!closed) fail(e);
        }
    }

    private void checkPiece(int piece, PieceHasher hasher) throws IOException {
        boolean good = hasher.verify(store);
        List<PeerLink> toBan = new ArrayList<>();
        boolean nowComplete = false;
        String from;
        synchronized (lock) {
            hashers.remove(piece); // a failed piece is fetched again from scratch, with a fresh hash
            List<Object> who = picker.contributors(piece);
            from = who.size() == 1 ? who.get(0).toString() : who.size() + " peers";
            if (good) {
                picker.verified(piece);
                bytesDone += layout.pieceSize(piece);
                for (PeerLink l : links) {
                    l.send(new Message.Have(piece));
                    updateInterest(l);
                }
                nowComplete = have.cardinality() == pieceCount;
            } else {
                picker.failed(piece);
                // Only a peer that alone delivered a bad piece is surely guilty; shared pieces are refetched from one peer.
                if (who.size() == 1 && who.get(0) instanceof PeerLink l && ++l.strikes >= config.banStrikes()) toBan.add(l);
            }
        }
        if (good) events.pieceVerified(piece, from);
        else events.pieceFailed(piece, from);
        for (PeerLink l : toBan) {
            banned.add(l.banKey());
            events.peerBanned(l.name);
            l.close();
        }
        if (nowComplete) onComplete();
    }

    private void onComplete() {
        complete.countDown();
        synchronized (lock) {
            for (PeerLink l : links) if (l.has.cardinality() == pieceCount) l.close();
        }
        events.completed();
        pendingEvent = PeerSource.Event.COMPLETED;
        wakeAnnouncer.release();
    }

    /** Asks the peer for as many blocks as its queue has room for. */
    private void fill(PeerLink link) {
        fill(link, 1);
    }

    /**
     * After a block: asks again only once a batch's worth of room has freed, so requests leave in groups
     * (one write, one wake-up of the peer) rather than one small message per block received.
     */
    private void refill(PeerLink link) {
        fill(link, Math.max(1, Math.min(REQUEST_BATCH, link.queueDepth / 4)));
    }

    private void fill(PeerLink link, int minRoom) {
        synchronized (lock) {
            if (link.closed || !link.amInterested) return;
            BitSet usable;
            if (!link.peerChoking) {
                usable = link.has;
            } else if (link.fast && !link.allowedFast.isEmpty()) {
                usable = (BitSet) link.allowedFast.clone();
                usable.and(link.has);
            } else {
                return;
            }
            int limit = Math.min(link.queueDepth, link.peerQueueLimit);
            int room = limit - link.outstanding.size();
            if (room <= 0 || (room < minRoom && link.outstanding.size() > limit / 2)) return;
            for (PiecePicker.Block b : picker.pick(link, usable, room, link.outstanding::contains)) {
                link.outstanding.add(b.key());
                link.everRequested.set(b.piece() * layout.maxBlocksPerPiece() + b.begin() / layout.blockSize());
                link.send(new Message.Request(b.piece(), b.begin(), b.length()));
            }
        }
    }

    /** Waits until the upload limit lets {@code bytes} more go out; false when there is no limit (nothing waited). */
    boolean awaitUploadAllowance(int bytes) throws IOException {
        if (uploadThrottle == null) return false;
        try {
            uploadThrottle.acquire(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return true;
    }

    /** Reads {@code length} bytes of a piece we serve into {@code into}. */
    void readBlock(int piece, int begin, ByteBuffer into, int length) throws IOException {
        store.read(piece, begin, into, length);
    }

    void uploaded(int bytes) {
        up.add(bytes);
    }

    private void fail(IOException e) {
        if (failure == null) failure = e;
        failedLatch.countDown();
    }

    // ---- periodic work -----------------------------------------------------------------------------

    private void tickLoop() {
        long last = System.nanoTime();
        while (!closed) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            double seconds = (now - last) / 1e9;
            last = now;
            down.tick(seconds);
            up.tick(seconds);
            List<PeerLink> snapshot;
            synchronized (lock) {
                snapshot = List.copyOf(links);
                for (PeerLink l : snapshot) {
                    if (now - l.lastReadNanos() > config.idleTimeout().toNanos()) {
                        // Peers are read from their channels, which have no read timeout: this is it.
                        log.debug("{} sent nothing for {}: closing", l, config.idleTimeout());
                        l.close();
                        continue;
                    }
                    l.down.tick(seconds);
                    l.up.tick(seconds);
                    // Keep about a second's worth of blocks in flight: deep on loopback, shallow on slow links.
                    if (l.down.rate() > 0) {
                        int depth = (int) (l.down.rate() / layout.blockSize());
                        l.queueDepth = Math.max(16, Math.min(config.maxQueue(), Math.max(depth, config.initialQueue())));
                    }
                    if (!l.outstanding.isEmpty() && now - l.lastDataNanos > config.snubTimeout().toNanos()) {
                        log.debug("{} sent nothing for {}: its requests go to others", l, config.snubTimeout());
                        releaseAll(l);
                        picker.forget(l);
                        l.lastDataNanos = now;
                    }
                }
            }
            for (PeerLink l : snapshot) fill(l);
        }
    }

    private void chokeLoop() {
        while (!closed) {
            try {
                Thread.sleep(config.chokeInterval().toMillis());
            } catch (InterruptedException e) {
                return;
            }
            rechoke();
        }
    }

    /** BEP 3: the best few by rate keep their slot, one more rotates among the rest. */
    void rechoke() {
        synchronized (lock) {
            boolean seeding = isComplete();
            List<Choker.Candidate<PeerLink>> candidates = links.stream()
                    .map(l -> new Choker.Candidate<>(l, l.peerInterested, seeding ? l.up.rate() : l.down.rate()))
                    .toList();
            Set<PeerLink> best = Choker.best(candidates, config.uploadSlots());
            long now = System.nanoTime();
            if (optimistic == null || !optimistic.peerInterested || best.contains(optimistic)
                    || now - optimisticSinceNanos >= config.optimisticInterval().toNanos()) {
                optimistic = Choker.optimistic(candidates, best, random);
                optimisticSinceNanos = now;
            }
            for (PeerLink l : links) {
                boolean unchoked = best.contains(l) || l == optimistic;
                if (unchoked && l.amChoking) unchoke(l);
                else if (!unchoked && !l.amChoking) choke(l);
            }
        }
    }

    /** The peers we currently let download from us (for tests of the choker). */
    public List<String> unchokedPeers() {
        synchronized (lock) {
            return links.stream().filter(l -> !l.amChoking).map(l -> l.name).toList();
        }
    }

    private void announceLoop() {
        PeerSource.Event event = PeerSource.Event.STARTED;
        Duration aloneRetry = ALONE_RETRY_FIRST;
        while (!closed) {
            Duration wait;
            try {
                PeerSource.Response r = source.announce(event, stats());
                if (event == PeerSource.Event.COMPLETED) completedAnnounced = true;
                event = PeerSource.Event.NONE;
                wait = r.interval();
                connectTo(r.peers());
            } catch (IOException e) {
                if (closed) return; // cut short by close(), which tells the tracker itself
                events.trackerFailed(e.getMessage() == null ? e.toString() : e.getMessage());
                wait = Duration.ofSeconds(15);
            } catch (RuntimeException e) {
                log.warn("announce failed", e);
                wait = Duration.ofSeconds(15);
            }
            if (!isComplete() && peerCount() == 0 && dialing.isEmpty()) {
                // Alone and unfinished (say, the first of a swarm to start): ask again soon, backing off.
                if (wait.compareTo(aloneRetry) > 0) wait = aloneRetry;
                aloneRetry = aloneRetry.multipliedBy(2).compareTo(ALONE_RETRY_MAX) > 0 ? ALONE_RETRY_MAX : aloneRetry.multipliedBy(2);
            } else {
                aloneRetry = ALONE_RETRY_FIRST;
            }
            try {
                wakeAnnouncer.tryAcquire(Math.max(200, wait.toMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            PeerSource.Event pending = pendingEvent;
            if (pending != null) {
                pendingEvent = null;
                event = pending;
            }
        }
    }

    private PeerSource.Stats stats() {
        synchronized (lock) {
            return new PeerSource.Stats(up.total(), down.total(), layout.totalLength() - bytesDone, listener.port(), peerId.clone());
        }
    }

    /** Stops: tells the tracker (briefly), closes every peer and the files. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (listener != null) listener.close();
        List<PeerLink> snapshot;
        synchronized (lock) {
            snapshot = List.copyOf(links);
        }
        for (PeerLink l : snapshot) l.close();
        for (Thread t : threads) t.interrupt();
        if (listener != null) {
            Thread stopped = Thread.ofVirtual().start(() -> {
                try {
                    // Stopping just after finishing (get --no-seed) cuts the "completed" announce short: send it now.
                    if (isComplete() && !completeAtStart && !completedAnnounced) source.announce(PeerSource.Event.COMPLETED, stats());
                    source.announce(PeerSource.Event.STOPPED, stats());
                } catch (IOException | RuntimeException e) {
                    log.debug("stopped announce failed: {}", e.toString());
                }
            });
            try {
                stopped.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (disk != null) disk.stop(Duration.ofSeconds(5));
        store.close();
        failedLatch.countDown();
    }
}
