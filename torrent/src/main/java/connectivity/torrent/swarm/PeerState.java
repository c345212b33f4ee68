package connectivity.torrent.swarm;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What we know of one connected peer and what is between us: the pieces it has, who chokes whom and who is
 * interested, the blocks we asked of it and those it asked of us. The choke and interest flags are volatile (the
 * choke round and status read them); the rest is guarded by the swarm's lock, except the uploads queued, which
 * the connection's writer takes from.
 */
final class PeerState {
    /** A peer that sends no BEP 10 {@code reqq} is assumed to take this many requests. */
    static final int DEFAULT_PEER_QUEUE = 250;

    private final BitSet has = new BitSet();
    private final Set<Long> outstanding = new LinkedHashSet<>();
    private final BitSet everRequested;
    private final int blocksPerPiece;
    private final int blockSize;
    /** Pieces it lets us fetch while it chokes us (BEP 6). */
    private final BitSet allowedFast = new BitSet();
    /** Pieces we let it fetch while we choke it (BEP 6). */
    private final BitSet allowedFastGiven = new BitSet();
    private final Set<Long> uploads = ConcurrentHashMap.newKeySet();
    private int queueDepth;
    private boolean slowStart = true;
    private int peerQueueLimit = DEFAULT_PEER_QUEUE;
    private long lastDataNanos;
    private long nothingToTradeSinceNanos;
    private int strikes;
    private InetSocketAddress listenAddress;
    private String client = "";
    private volatile boolean amChoking = true, amInterested, peerChoking = true, peerInterested;
    final RateMeter down = new RateMeter();
    final RateMeter up = new RateMeter();

    PeerState(int pieceCount, int blocksPerPiece, int blockSize, long nowNanos) {
        this.blocksPerPiece = blocksPerPiece;
        this.blockSize = blockSize;
        this.everRequested = new BitSet(pieceCount * blocksPerPiece);
        this.lastDataNanos = nowNanos;
        this.nothingToTradeSinceNanos = nowNanos;
    }

    static long key(int piece, int begin) {
        return PiecePicker.Block.key(piece, begin);
    }

    // ---- its pieces ----

    BitSet has() {
        return has;
    }

    boolean hasPiece(int piece) {
        return has.get(piece);
    }

    /** Adds pieces it announced; returns those that are new. */
    BitSet addPieces(BitSet pieces) {
        BitSet fresh = (BitSet) pieces.clone();
        fresh.andNot(has);
        has.or(fresh);
        return fresh;
    }

    /** Adds one piece; false if it was known. */
    boolean addPiece(int piece) {
        if (has.get(piece)) return false;
        has.set(piece);
        return true;
    }

    boolean hasAll(int pieceCount) {
        return has.cardinality() == pieceCount;
    }

    // ---- choke and interest ----

    boolean amChoking() {
        return amChoking;
    }

    void amChoking(boolean choking) {
        amChoking = choking;
    }

    boolean amInterested() {
        return amInterested;
    }

    void amInterested(boolean interested, long nowNanos) {
        amInterested = interested;
        tradeChanged(nowNanos);
    }

    boolean peerChoking() {
        return peerChoking;
    }

    void peerChoking(boolean choking) {
        peerChoking = choking;
    }

    boolean peerInterested() {
        return peerInterested;
    }

    void peerInterested(boolean interested, long nowNanos) {
        peerInterested = interested;
        tradeChanged(nowNanos);
    }

    private void tradeChanged(long nowNanos) {
        if (amInterested || peerInterested) nothingToTradeSinceNanos = Long.MAX_VALUE;
        else if (nothingToTradeSinceNanos == Long.MAX_VALUE) nothingToTradeSinceNanos = nowNanos;
    }

    /** How long neither side has wanted anything of the other (zero while either does). */
    long nothingToTradeNanos(long nowNanos) {
        return nothingToTradeSinceNanos == Long.MAX_VALUE ? 0 : Math.max(0, nowNanos - nothingToTradeSinceNanos);
    }

    // ---- what we asked of it ----

    int queueDepth() {
        return queueDepth;
    }

    void queueDepth(int depth) {
        queueDepth = depth;
    }

    /**
     * Slow start, as libtorrent's: until the first tick has measured its rate, each block received makes room for one
     * more request (up to {@code max}), so the queue doubles every round trip instead of waiting a second at its
     * initial depth, which on a fast link is most of a short download.
     */
    void slowStart(int max) {
        if (slowStart && queueDepth < max) queueDepth++;
    }

    /** The rate is measured: the tick sizes the queue from here on. */
    void endSlowStart() {
        slowStart = false;
    }

    void peerQueueLimit(int limit) {
        peerQueueLimit = Math.max(1, limit);
    }

    /** How many more requests it may have outstanding now. */
    int requestRoom() {
        return Math.min(queueDepth, peerQueueLimit) - outstanding.size();
    }

    int requestLimit() {
        return Math.min(queueDepth, peerQueueLimit);
    }

    int outstandingCount() {
        return outstanding.size();
    }

    boolean isOutstanding(long key) {
        return outstanding.contains(key);
    }

    void requested(PiecePicker.Block b) {
        outstanding.add(b.key());
        everRequested.set(b.piece() * blocksPerPiece + b.begin() / blockSize);
    }

    boolean everRequested(int piece, int begin) {
        return everRequested.get(piece * blocksPerPiece + begin / blockSize);
    }

    /** Our request for the block ended (data, reject, cancel); true if it was outstanding. */
    boolean requestEnded(long key) {
        return outstanding.remove(key);
    }

    /** Every outstanding request, forgotten: for the picker to release. */
    List<Long> dropOutstanding() {
        List<Long> all = new ArrayList<>(outstanding);
        outstanding.clear();
        return all;
    }

    long lastDataNanos() {
        return lastDataNanos;
    }

    void dataArrived(long nowNanos) {
        lastDataNanos = nowNanos;
    }

    BitSet allowedFast() {
        return allowedFast;
    }

    void allowFast(int piece) {
        allowedFast.set(piece);
    }

    // ---- what it asked of us ----

    boolean gaveAllowedFast(int piece) {
        return allowedFastGiven.get(piece);
    }

    void giveAllowedFast(int piece) {
        allowedFastGiven.set(piece);
    }

    /** Records an upload to queue; false if that block is queued already. */
    boolean addUpload(int piece, int begin) {
        return uploads.add(key(piece, begin));
    }

    /** The writer's turn for this block has come: true if it is still wanted (not cancelled, not choked away). */
    boolean takeUpload(int piece, int begin) {
        return uploads.remove(key(piece, begin));
    }

    boolean cancelUpload(long key) {
        return uploads.remove(key);
    }

    int uploadsQueued() {
        return uploads.size();
    }

    List<Long> uploadKeys() {
        return List.copyOf(uploads);
    }

    // ---- the rest ----

    /** A piece it alone delivered failed its check; returns its strikes so far. */
    int strike() {
        return ++strikes;
    }

    InetSocketAddress listenAddress() {
        return listenAddress;
    }

    void listenAddress(InetSocketAddress a) {
        listenAddress = a;
    }

    String client() {
        return client;
    }

    void client(String c) {
        client = c;
    }
}
