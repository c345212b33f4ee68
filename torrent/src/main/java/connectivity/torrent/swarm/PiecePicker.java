package connectivity.torrent.swarm;

import connectivity.torrent.storage.TorrentLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongPredicate;

/**
 * Chooses the blocks to request and keeps the state of every block of the pieces in progress. Not
 * thread-safe: the swarm calls it under its lock. Only wanted pieces are asked for (see {@link FileChoices}),
 * those of high-priority files before normal before low; within a class, random until the first piece is done,
 * then rarest first. Blocks of pieces already started come before new pieces; when nothing is left to request,
 * blocks already requested elsewhere may be requested again (endgame).
 */
final class PiecePicker {
    static final byte FREE = 0, REQUESTED = 1, WRITING = 2, RECEIVED = 3;
    /** In endgame a block is asked of at most this many peers at once. */
    static final int MAX_DUPLICATES = 3;

    record Block(int piece, int begin, int length) {
        long key() {
            return key(piece, begin);
        }

        static long key(int piece, int begin) {
            return ((long) piece << 32) | (begin & 0xffffffffL);
        }
    }

    /** A piece being downloaded: the state of each of its blocks and who delivered them. */
    static final class Active {
        final int piece;
        final byte[] state;
        final int[] requests;
        final Object[] from;
        int free;
        int received;
        /** After a failed hash check the piece is fetched from one peer only, so the next failure has one culprit. */
        boolean exclusive;
        Object owner;

        Active(int piece, int blocks) {
            this.piece = piece;
            this.state = new byte[blocks];
            this.requests = new int[blocks];
            this.from = new Object[blocks];
            this.free = blocks;
        }
    }

    private final TorrentLayout layout;
    private final BitSet have;
    private final int[] availability;
    private final Map<Integer, Active> active = new LinkedHashMap<>();
    private final Random random;
    /** Free blocks of the wanted pieces in progress (an unwanted one keeps its blocks' states, parked). */
    private int totalFree;
    /** Per piece: its class (a {@link FileChoices} priority) or {@link FileChoices#SKIP}. */
    private byte[] classes;
    private final BitSet wanted = new BitSet();
    /** Wanted pieces we lack, per class (index: priority + 1). */
    private final int[] missing = new int[3];

    PiecePicker(TorrentLayout layout, BitSet have, Random random) {
        this.layout = layout;
        this.have = have;
        this.availability = new int[layout.pieceCount()];
        this.random = random;
        byte[] normal = new byte[layout.pieceCount()];
        Arrays.fill(normal, (byte) FileChoices.NORMAL);
        classes(normal);
    }

    /** New classes per piece (from {@link FileChoices#pieceClasses}): pieces in progress that are no longer wanted are parked. */
    void classes(byte[] perPiece) {
        if (perPiece.length != availability.length) throw new IllegalArgumentException(perPiece.length + " classes for " + availability.length + " pieces");
        classes = perPiece.clone();
        wanted.clear();
        Arrays.fill(missing, 0);
        for (int p = 0; p < classes.length; p++) {
            if (classes[p] == FileChoices.SKIP) continue;
            wanted.set(p);
            if (!have.get(p)) missing[classes[p] + 1]++;
        }
        totalFree = 0;
        for (Active a : active.values()) if (wanted(a.piece)) totalFree += a.free;
    }

    boolean wanted(int piece) {
        return wanted.get(piece);
    }

    /** The wanted pieces; read only, under the lock. */
    BitSet wantedPieces() {
        return wanted;
    }

    /** Every wanted piece is verified (Transmission's "done"; the torrent may still lack unwanted pieces). */
    boolean done() {
        return missing[0] + missing[1] + missing[2] == 0;
    }

    /** Pieces at least one connected peer has. */
    BitSet available() {
        BitSet b = new BitSet(availability.length);
        for (int p = 0; p < availability.length; p++) if (availability[p] > 0) b.set(p);
        return b;
    }

    /** The class of the most urgent wanted pieces still missing, or SKIP when none is. */
    private int topClass() {
        for (int c = FileChoices.HIGH; c >= FileChoices.LOW; c--) if (missing[c + 1] > 0) return c;
        return FileChoices.SKIP;
    }

    void addAvailability(BitSet pieces) {
        for (int i = pieces.nextSetBit(0); i >= 0; i = pieces.nextSetBit(i + 1)) availability[i]++;
    }

    void removeAvailability(BitSet pieces) {
        for (int i = pieces.nextSetBit(0); i >= 0; i = pieces.nextSetBit(i + 1)) availability[i]--;
    }

    void addAvailability(int piece) {
        availability[piece]++;
    }

    int availability(int piece) {
        return availability[piece];
    }

    /** The pieces being downloaded now (some blocks asked for or in), for status pages; a parked one is not. */
    BitSet activePieces() {
        BitSet b = new BitSet(availability.length);
        for (int piece : active.keySet()) if (wanted(piece)) b.set(piece);
        return b;
    }

    boolean isActive(int piece) {
        return active.containsKey(piece);
    }

    /**
     * Up to {@code max} blocks for {@code peer}, who has {@code peerHas}; {@code mine} tells which blocks it
     * already has outstanding (so endgame does not ask it twice).
     */
    List<Block> pick(Object peer, BitSet peerHas, int max, LongPredicate mine) {
        List<Block> out = new ArrayList<>();
        if (max <= 0 || peerHas.isEmpty()) return out;
        for (Active a : active.values()) {
            if (out.size() >= max) return out;
            if (a.free == 0 || !peerHas.get(a.piece) || !mayUse(a, peer) || !wanted(a.piece)) continue;
            takeFree(a, peer, max, out);
        }
        while (out.size() < max) {
            int p = choose(peerHas);
            if (p < 0) break;
            Active a = new Active(p, layout.blocksIn(p));
            active.put(p, a);
            totalFree += a.free;
            takeFree(a, peer, max, out);
        }
        if (out.size() < max && inEndgame()) {
            java.util.Set<Long> justPicked = new java.util.HashSet<>();
            for (Block b : out) justPicked.add(b.key());
            for (Active a : active.values()) {
                if (out.size() >= max) break;
                if (!peerHas.get(a.piece) || !mayUse(a, peer) || !wanted(a.piece)) continue;
                for (int b = 0; b < a.state.length && out.size() < max; b++) {
                    Block block = block(a.piece, b);
                    if (a.state[b] == REQUESTED && a.requests[b] < MAX_DUPLICATES && !mine.test(block.key()) && !justPicked.contains(block.key())) {
                        a.requests[b]++;
                        out.add(block);
                    }
                }
            }
        }
        return out;
    }

    private static boolean mayUse(Active a, Object peer) {
        return !a.exclusive || a.owner == null || a.owner == peer;
    }

    private void takeFree(Active a, Object peer, int max, List<Block> out) {
        if (a.exclusive && a.owner == null) a.owner = peer;
        for (int b = 0; b < a.state.length && out.size() < max && a.free > 0; b++) {
            if (a.state[b] != FREE) continue;
            a.state[b] = REQUESTED;
            a.requests[b]++;
            a.free--;
            totalFree--;
            out.add(block(a.piece, b));
        }
    }

    /** Nothing left to ask for that is not already asked for: every missing piece someone has is in progress. */
    boolean inEndgame() {
        if (totalFree > 0) return false;
        for (int i = have.nextClearBit(0); i < availability.length; i = have.nextClearBit(i + 1)) {
            if (availability[i] > 0 && wanted(i) && !active.containsKey(i)) return false;
        }
        return true;
    }

    /**
     * The wanted piece the peer has that we neither have nor have started, of the most urgent class it has, and
     * within that the rarest; before our first piece, any of that class. The scan starts at a random piece and
     * wraps around, so ties go to whichever comes first from there, and it stops at the first piece nothing can
     * beat (of the most urgent class still missing, and only this peer has it): picking stays cheap on torrents of
     * many pieces (a full scan with a random draw per tie made the whole download quadratic in the piece count).
     */
    private int choose(BitSet peerHas) {
        int top = topClass();
        int n = availability.length;
        if (n == 0 || top == FileChoices.SKIP) return -1;
        boolean randomFirst = have.isEmpty();
        long floor = score(top, randomFirst ? 0 : 1); // no piece the peer has can score lower than this
        int start = random.nextInt(n);
        int chosen = -1;
        long best = Long.MAX_VALUE;
        for (int pass = 0; pass < 2; pass++) {
            int from = pass == 0 ? start : 0, to = pass == 0 ? n : start;
            for (int i = peerHas.nextSetBit(from); i >= 0 && i < to; i = peerHas.nextSetBit(i + 1)) {
                if (have.get(i) || classes[i] == FileChoices.SKIP || active.containsKey(i)) continue;
                long score = score(classes[i], randomFirst ? 0 : availability[i]);
                if (score < best) {
                    best = score;
                    chosen = i;
                    if (score <= floor) return chosen;
                }
            }
        }
        return chosen;
    }

    /** Lower is better: the class first (high, then normal, then low), then how many peers have the piece. */
    private static long score(int cls, int peers) {
        return ((long) (FileChoices.HIGH - cls) << 32) | peers;
    }

    Block block(int piece, int index) {
        int begin = index * layout.blockSize();
        return new Block(piece, begin, Math.min(layout.blockSize(), layout.pieceSize(piece) - begin));
    }

    /** A request for this block ended without data (choke, reject, cancel, peer gone, snub). */
    void release(int piece, int begin) {
        Active a = active.get(piece);
        if (a == null) return;
        int b = begin / layout.blockSize();
        if (a.requests[b] > 0) a.requests[b]--;
        if (a.requests[b] == 0 && a.state[b] == REQUESTED) {
            a.state[b] = FREE;
            a.free++;
            if (wanted(piece)) totalFree++;
        }
    }

    /**
     * A block arrived from a peer ({@code requestedOfSender}: we had asked it for the block, and that request is
     * answered): true if we still need it, and then it is ours to write (no one else will).
     */
    boolean arrived(int piece, int begin, boolean requestedOfSender) {
        Active a = active.get(piece);
        if (a == null) return false;
        int b = begin / layout.blockSize();
        if (requestedOfSender && a.requests[b] > 0) a.requests[b]--;
        return claim(piece, begin);
    }

    /**
     * A block arrived: true if we still need it, and then it is ours to write (no one else will). A block of a piece
     * no longer wanted is not stored (nothing unverified goes into an unwanted file), and is free again once no
     * request for it is outstanding.
     */
    boolean claim(int piece, int begin) {
        Active a = active.get(piece);
        if (a == null) return false;
        int b = begin / layout.blockSize();
        if (!wanted(piece)) {
            if (a.state[b] == REQUESTED && a.requests[b] == 0) {
                a.state[b] = FREE;
                a.free++;
            }
            return false;
        }
        if (a.state[b] == FREE) {
            a.free--;
            totalFree--;
        } else if (a.state[b] != REQUESTED) {
            return false;
        }
        a.state[b] = WRITING;
        return true;
    }

    /** The claimed block could not be written: it is wanted again. */
    void unclaim(int piece, int begin) {
        Active a = active.get(piece);
        if (a == null) return;
        int b = begin / layout.blockSize();
        a.state[b] = FREE;
        a.requests[b] = 0;
        a.free++;
        if (wanted(piece)) totalFree++;
    }

    /** The claimed block is on disk; true when that completes the piece (time to hash it). */
    boolean written(int piece, int begin, Object from) {
        Active a = active.get(piece);
        int b = begin / layout.blockSize();
        a.state[b] = RECEIVED;
        a.from[b] = from;
        return ++a.received == a.state.length;
    }

    /** Who delivered the blocks of a piece (distinct). */
    List<Object> contributors(int piece) {
        Active a = active.get(piece);
        List<Object> who = new ArrayList<>();
        if (a == null) return who;
        for (Object o : a.from) if (o != null && !who.contains(o)) who.add(o);
        return who;
    }

    void verified(int piece) {
        active.remove(piece);
        if (!have.get(piece) && classes[piece] != FileChoices.SKIP) missing[classes[piece] + 1]--;
        have.set(piece);
    }

    /** The piece failed its hash check: every block is wanted again, from a single peer. */
    void failed(int piece) {
        Active a = active.get(piece);
        if (a == null) return;
        Active fresh = new Active(piece, a.state.length);
        fresh.exclusive = true;
        active.put(piece, fresh);
        if (wanted(piece)) totalFree += fresh.free - a.free;
    }

    /** A peer left: pieces reserved for it are free for anyone. */
    void forget(Object peer) {
        for (Active a : active.values()) if (a.owner == peer) a.owner = null;
    }

    int activeCount() {
        return active.size();
    }
}
