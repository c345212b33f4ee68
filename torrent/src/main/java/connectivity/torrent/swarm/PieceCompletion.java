package connectivity.torrent.swarm;

import connectivity.torrent.storage.PieceHasher;
import connectivity.torrent.storage.PieceStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The end of the block path: blocks stored by the disk threads are counted against their piece; a complete piece
 * is hashed and checked, and then either every peer hears HAVE or the piece is fetched again and a peer that
 * alone delivered bad pieces is banned. Knows when the download is complete.
 */
final class PieceCompletion {
    /** Tells whether a piece, all of it stored, has its hash (the store and the running hash; tests decide). */
    interface Checker {
        boolean verify(int piece, PieceHasher hasher) throws IOException;
    }

    private final SwarmState st;
    private final Checker checker;
    private final PieceStore store;
    /** The running hash of each piece with blocks received, until it is checked; under the lock. */
    private final Map<Integer, PieceHasher> hashers = new HashMap<>();
    private final Set<String> banned = ConcurrentHashMap.newKeySet();
    private final CountDownLatch complete = new CountDownLatch(1);
    private final boolean completeAtStart;
    private final Runnable onComplete;
    private long bytesDone;

    /** {@code onComplete} runs once, on the thread that verified the last piece; {@code store} is null in tests that never write. */
    PieceCompletion(SwarmState st, PieceStore store, Checker checker, Runnable onComplete) {
        this.st = st;
        this.store = store;
        this.checker = checker;
        this.onComplete = onComplete;
        for (int i = st.have().nextSetBit(0); i >= 0; i = st.have().nextSetBit(i + 1)) bytesDone += st.layout.pieceSize(i);
        this.completeAtStart = st.have().cardinality() == st.pieceCount;
        if (completeAtStart) complete.countDown();
    }

    static PieceCompletion of(SwarmState st, PieceStore store, Runnable onComplete) {
        return new PieceCompletion(st, store, (piece, h) -> h.verify(store), onComplete);
    }

    boolean isComplete() {
        return complete.getCount() == 0;
    }

    boolean wasCompleteAtStart() {
        return completeAtStart;
    }

    CountDownLatch completeLatch() {
        return complete;
    }

    /** Under the lock. */
    long bytesDone() {
        return bytesDone;
    }

    boolean isBanned(PeerIdentity id) {
        return banned.contains(id.banKey());
    }

    Set<String> banned() {
        return Set.copyOf(banned);
    }

    /** Under the lock: the running hash of a piece a block of which was just claimed. */
    PieceHasher hasher(int piece) {
        return hashers.computeIfAbsent(piece, PieceHasher::new);
    }

    /** On a disk thread: stores a batch of blocks, and checks their piece once every block of it is stored. */
    void store(BlockWriter.Pending batch) {
        int piece = batch.piece(), from = batch.begin(), to = from + batch.data().remaining(), bs = st.layout.blockSize();
        try {
            if (store != null) store.write(piece, from, batch.data());
        } catch (IOException e) {
            synchronized (st.lock) {
                for (int begin = from; begin < to; begin += bs) st.picker().unclaim(piece, begin);
            }
            if (!st.closed()) st.fail(e);
            return;
        }
        stored(piece, from, to, batch.from());
    }

    /** Blocks {@code [from, to)} of a piece are on disk. */
    void stored(int piece, int from, int to, PeerSession sender) {
        PieceHasher hasher = null;
        synchronized (st.lock) {
            for (int begin = from; begin < to; begin += st.layout.blockSize()) {
                if (st.picker().written(piece, begin, sender)) hasher = hashers.get(piece);
            }
        }
        if (hasher == null) return;
        try {
            check(piece, hasher);
        } catch (IOException e) {
            if (!st.closed()) st.fail(e);
        }
    }

    private void check(int piece, PieceHasher hasher) throws IOException {
        boolean good = checker.verify(piece, hasher);
        List<PeerSession> toBan = new ArrayList<>();
        boolean nowComplete = false, nowDone = false;
        String from;
        synchronized (st.lock) {
            hashers.remove(piece); // a failed piece is fetched again from scratch, with a fresh hash
            List<Object> who = st.picker().contributors(piece);
            from = who.size() == 1 ? who.get(0).toString() : who.size() + " peers";
            if (good) {
                boolean wasDone = st.picker().done();
                st.picker().verified(piece);
                nowDone = !wasDone && st.picker().done();
                bytesDone += st.layout.pieceSize(piece);
                for (PeerSession s : st.sessions()) s.weHave(piece);
                nowComplete = st.have().cardinality() == st.pieceCount;
            } else {
                st.picker().failed(piece);
                // Only a peer that alone delivered a bad piece is surely guilty; shared pieces are refetched from one peer.
                if (who.size() == 1 && who.get(0) instanceof PeerSession s && s.state().strike() >= st.config.banStrikes()) toBan.add(s);
            }
        }
        if (good) st.events.pieceVerified(piece, from);
        else st.events.pieceFailed(piece, from);
        if (nowDone) st.events.done();
        for (PeerSession s : toBan) {
            banned.add(s.identity().banKey());
            st.events.peerBanned(s.name());
            s.close();
        }
        if (nowComplete) completed();
    }

    private void completed() {
        complete.countDown();
        synchronized (st.lock) {
            for (PeerSession s : st.sessions()) if (s.state().hasAll(st.pieceCount)) s.close();
        }
        st.events.completed();
        onComplete.run();
    }
}
