package connectivity.torrent.swarm;

import connectivity.torrent.peer.PeerId;
import connectivity.torrent.storage.PieceStore;
import connectivity.torrent.storage.TorrentLayout;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One torrent being downloaded and shared. This is the facade: it owns the lock (in {@link SwarmState}), builds
 * the parts and answers for them. The parts: {@link Connector} (accept, dial, admit), {@link PeerSession} per peer
 * (its messages, our requests; its bytes move on a {@link PeerLink}), {@link BlockWriter} and
 * {@link PieceCompletion} (blocks to disk, pieces checked, HAVE to every peer), {@link ChokeRound},
 * {@link Announcer} and {@link Ticker}, and the extension messages ({@link PexHandler}).
 */
public final class Swarm implements Closeable {
    private static final Duration STOP_ANNOUNCE_GRACE = Duration.ofSeconds(3);
    private static final Duration DISK_STOP_GRACE = Duration.ofSeconds(5);

    private final SwarmState st;
    private final PieceStore store;
    private final PieceCompletion completion;
    private final ChokeRound choking;
    private final Connector connector;
    private final Announcer announcer;
    private final Ticker ticker;
    /** This torrent's limits, changed live by {@link Throttle#rate(long)} and hung under a daemon's global ones. */
    private final Throttle downloadThrottle, uploadThrottle;
    private final Extensions extensions;
    /** Peer exchange, or null where there is none (a private torrent, or turned off). */
    private final PexHandler pex;
    private final List<Thread> threads = new ArrayList<>();
    /** Stores received blocks on threads of its own; made when the swarm starts. */
    private volatile BlockWriter disk;

    private Swarm(TorrentLayout layout, byte[] infoHash, PieceStore store, BitSet have, SwarmConfig config, PeerSource source,
            SwarmEvents events, byte[] peerId) {
        this.store = store;
        this.st = new SwarmState(layout, infoHash, peerId, have, config, events, System::nanoTime, new Random());
        Announcer[] later = new Announcer[1]; // completion tells the announcer, which needs the connector, which needs completion
        this.completion = PieceCompletion.of(st, store, () -> later[0].completed());
        this.choking = new ChokeRound(st, completion::isComplete);
        this.downloadThrottle = new Throttle(config.downloadLimit());
        this.uploadThrottle = new Throttle(config.uploadLimit());
        this.connector = new Connector(st, completion, choking, this::session, new BlockReader(store, layout, uploadThrottle));
        this.announcer = new Announcer(st, source, connector, completion, () -> peerCount() == 0 && !connector.dialing());
        later[0] = announcer;
        this.pex = PexHandler.enabledFor(layout.isPrivate(), config)
                ? new PexHandler(st, announcer::learned, connector::isSelf, completion::isComplete) : null;
        MetadataServer metadata = new MetadataServer(layout.infoBytes());
        this.extensions = new Extensions(pex == null ? List.of(metadata) : List.of(metadata, pex));
        this.ticker = new Ticker(st, choking, () -> announcer.redial(st.now()), () -> {
            if (pex != null) pex.tick(st.now());
        });
    }

    private PeerSession session(PeerIdentity id, PeerConnection link) {
        return new PeerSession(st, id, link, completion, choking, extensions, downloadThrottle, disk);
    }

    /** Opens (creating and sizing files as needed) the download in {@code dir} and hashes what is already there, so only missing pieces are fetched. */
    public static Swarm forDownload(TorrentLayout layout, byte[] infoHash, Path dir, SwarmConfig config, PeerSource source,
            SwarmEvents events) throws IOException {
        return forDownload(layout, infoHash, dir, config, source, events, PeerId.random());
    }

    /** As above, with the peer id connections made before the swarm used (see {@link #adopt}). */
    public static Swarm forDownload(TorrentLayout layout, byte[] infoHash, Path dir, SwarmConfig config, PeerSource source,
            SwarmEvents events, byte[] peerId) throws IOException {
        if (peerId.length != 20) throw new IllegalArgumentException("a peer id is 20 bytes");
        PieceStore store = PieceStore.openForDownload(dir, layout);
        try {
            BitSet have = store.verifyFound(config.hashThreads(), piece -> {});
            return new Swarm(layout, infoHash, store, have, config, source, events, peerId);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Which pieces of a just opened store count as verified (hashing only what it must). */
    public interface Verification {
        BitSet verified(PieceStore store) throws IOException;
    }

    /**
     * As {@link #forDownload(TorrentLayout, byte[], Path, SwarmConfig, PeerSource, SwarmEvents)}, but the pieces
     * already had come from {@code verification} (a daemon's saved state, rechecking only what changed).
     */
    public static Swarm forDownload(TorrentLayout layout, byte[] infoHash, Path dir, SwarmConfig config, PeerSource source,
            SwarmEvents events, Verification verification) throws IOException {
        PieceStore store = PieceStore.openForDownload(dir, layout);
        try {
            return new Swarm(layout, infoHash, store, verification.verified(store), config, source, events, PeerId.random());
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Opens complete data in {@code dir} read-only and verifies every piece; fails unless all are good. */
    public static Swarm forSeeding(TorrentLayout layout, byte[] infoHash, Path dir, SwarmConfig config, PeerSource source,
            SwarmEvents events) throws IOException {
        PieceStore store = PieceStore.openForSeeding(dir, layout);
        try {
            BitSet have = store.verifyAll(config.hashThreads(), piece -> {});
            if (have.cardinality() != layout.pieceCount()) {
                throw new IOException("only " + have.cardinality() + " of " + layout.pieceCount()
                        + " pieces in " + dir + " match the torrent; seeding needs all of them");
            }
            return new Swarm(layout, infoHash, store, have, config, source, events, PeerId.random());
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The download limit of this swarm: its rate can change while it runs, and it can hang under a shared one. */
    public Throttle downloadThrottle() {
        return downloadThrottle;
    }

    /** The upload limit of this swarm (see {@link #downloadThrottle}). */
    public Throttle uploadThrottle() {
        return uploadThrottle;
    }

    /** Starts listening, announcing, choking. */
    public synchronized Swarm start() throws IOException {
        disk = new BlockWriter(completion::store);
        connector.listen();
        return startThreads();
    }

    private Swarm startThreads() {
        threads.add(Thread.ofVirtual().name("torrent-announce").start(announcer::run));
        threads.add(Thread.ofVirtual().name("torrent-tick").start(ticker::tickLoop));
        threads.add(Thread.ofVirtual().name("torrent-choke").start(ticker::chokeLoop));
        return this;
    }

    /**
     * Starts announcing and choking without a listener of its own: peers come through {@link #accept} from a
     * listener on {@code port} that several swarms share (a daemon's), and {@code port} is what we announce.
     */
    public synchronized Swarm startShared(int port) {
        disk = new BlockWriter(completion::store);
        connector.shareListener(port);
        return startThreads();
    }

    /** An incoming connection whose handshake (already read) names this torrent; serves it on the calling thread until it ends. */
    public void accept(connectivity.net.Connection c, connectivity.torrent.peer.Handshake theirs) throws IOException {
        connector.acceptHandshaken(c, theirs);
    }

    public byte[] infoHash() {
        return st.infoHash.clone();
    }

    /** The connected peers, for status pages. */
    public List<PeerInfo> peerInfo() {
        synchronized (st.lock) {
            return st.sessions().stream().filter(s -> !s.isClosed()).map(s -> PeerInfo.of(s, st.pieceCount)).toList();
        }
    }

    /** Pieces being downloaded now (not yet verified). */
    public BitSet inFlight() {
        synchronized (st.lock) {
            return st.picker().activePieces();
        }
    }

    /**
     * Goes on with a connection made before the swarm (the metadata phase of a magnet link, handshaken with this
     * swarm's peer id) as with a peer we dialled, without dialling it again; call it after {@link #start()}. The peer
     * is subject to the same admission as any other (the cap, bans, duplicates); a connection not taken is closed.
     */
    public void adopt(OpenPeer peer) {
        connector.adopt(peer);
    }

    public int port() {
        return connector.port();
    }

    public byte[] peerId() {
        return st.ourId.clone();
    }

    public TorrentLayout layout() {
        return st.layout;
    }

    public boolean isComplete() {
        return completion.isComplete();
    }

    /** Every wanted piece is verified (all of them unless {@link #files} left some files out). */
    public boolean isDone() {
        synchronized (st.lock) {
            return st.picker().done();
        }
    }

    /**
     * Which files to fetch and in what order of urgency, live: pieces only in unwanted files are no longer asked
     * for (their blocks still on the way are dropped), peers hear whether we are still interested, and wanting a
     * file again resumes. Returns whether the download is now done.
     */
    public boolean files(FileChoices choices) {
        byte[] classes = choices.pieceClasses(st.layout);
        List<PeerSession> peers;
        boolean done;
        synchronized (st.lock) {
            st.picker().classes(classes);
            for (PeerSession s : st.sessions()) s.wantsChanged();
            peers = List.copyOf(st.sessions());
            done = st.picker().done();
        }
        for (PeerSession s : peers) s.fill();
        return done;
    }

    /** Pieces at least one connected peer has (for Transmission's {@code desiredAvailable}). */
    public BitSet available() {
        synchronized (st.lock) {
            return st.picker().available();
        }
    }

    public boolean wasCompleteAtStart() {
        return completion.wasCompleteAtStart();
    }

    public BitSet have() {
        synchronized (st.lock) {
            return (BitSet) st.have().clone();
        }
    }

    public int peerCount() {
        synchronized (st.lock) {
            return st.sessions().size();
        }
    }

    public List<String> peers() {
        synchronized (st.lock) {
            return st.sessions().stream().map(PeerSession::describe).toList();
        }
    }

    /** Ban keys ({@code ip/peer-id-hex}) of peers dropped for sending corrupt data. */
    public Set<String> banned() {
        return completion.banned();
    }

    public SwarmStatus status() {
        synchronized (st.lock) {
            return new SwarmStatus(st.have().cardinality(), st.pieceCount, completion.bytesDone(), st.layout.totalLength(),
                    st.down.rate(), st.up.rate(), st.sessions().size(), st.down.total(), st.up.total(), isComplete());
        }
    }

    /** The peers we currently let download from us (for tests of the choker). */
    public List<String> unchokedPeers() {
        synchronized (st.lock) {
            return choking.unchoked();
        }
    }

    /** Waits for the download to finish; false on timeout; throws if the disk failed. */
    public boolean awaitComplete(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!completion.completeLatch().await(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)) {
            if (st.failure() != null) throw st.failure();
            if (System.nanoTime() >= deadline) return false;
        }
        return true;
    }

    /** Blocks until the swarm fails (disk error) or the thread is interrupted; for "seed until stopped". */
    public void awaitFailure() throws IOException, InterruptedException {
        st.awaitFailure();
        if (st.failure() != null) throw st.failure();
    }

    /**
     * Peers given by hand ({@code --peer}): dialled now and, while not connected, again with backoff (see
     * {@link SwarmConfig#redialFirst()}), whatever the tracker does. Call after {@link #start()}.
     */
    public void connect(List<InetSocketAddress> peers) {
        announcer.given(peers);
    }

    /** Stops: tells the tracker (briefly), closes every peer and the files. */
    @Override
    public void close() {
        if (st.closed()) return;
        st.markClosed();
        connector.stopListening();
        for (PeerSession s : st.snapshot()) s.close();
        for (Thread t : threads) t.interrupt();
        if (connector.listenPort().isPresent()) announcer.stopped(STOP_ANNOUNCE_GRACE);
        if (disk != null) disk.stop(DISK_STOP_GRACE);
        store.close();
        st.releaseFailureWaiters();
    }
}
