package connectivity.torrent.swarm;

import connectivity.torrent.storage.TorrentLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;

/**
 * What the parts of one swarm share: the torrent, our pieces and the picker, the connected peers. The pieces,
 * the picker and the peer list are guarded by {@link #lock}, which is never held across I/O.
 */
final class SwarmState {
    final Object lock = new Object();
    final TorrentLayout layout;
    final int pieceCount;
    final byte[] infoHash;
    final byte[] ourId;
    final SwarmConfig config;
    final SwarmEvents events;
    /** Monotonic nanoseconds ({@code System::nanoTime}; tests move a manual one). */
    final LongSupplier clock;
    final Random random;
    /** Over all peers. */
    final RateMeter down = new RateMeter(), up = new RateMeter();
    private final BitSet have;
    private final PiecePicker picker;
    private final List<PeerSession> sessions = new ArrayList<>();
    private final List<PeerSession> sessionsView = Collections.unmodifiableList(sessions);
    private final CountDownLatch failed = new CountDownLatch(1);
    private volatile IOException failure;
    private volatile boolean closed;

    SwarmState(TorrentLayout layout, byte[] infoHash, byte[] ourId, BitSet have, SwarmConfig config, SwarmEvents events,
            LongSupplier clock, Random random) {
        this.layout = layout;
        this.pieceCount = layout.pieceCount();
        this.infoHash = infoHash.clone();
        this.ourId = ourId.clone();
        this.have = have;
        this.config = config;
        this.events = events;
        this.clock = clock;
        this.random = random;
        this.picker = new PiecePicker(layout, have, random);
    }

    /** Our verified pieces; under the lock. */
    BitSet have() {
        return have;
    }

    /** Under the lock. */
    PiecePicker picker() {
        return picker;
    }

    /** The connected peers, to read under the lock. */
    List<PeerSession> sessions() {
        return sessionsView;
    }

    List<PeerSession> snapshot() {
        synchronized (lock) {
            return List.copyOf(sessions);
        }
    }

    /** Under the lock. */
    void add(PeerSession s) {
        sessions.add(s);
    }

    /** Under the lock; false if it was not there. */
    boolean remove(PeerSession s) {
        return sessions.remove(s);
    }

    long now() {
        return clock.getAsLong();
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    /** The disk failed: the first failure is what waiters hear. */
    void fail(IOException e) {
        if (failure == null) failure = e;
        failed.countDown();
    }

    IOException failure() {
        return failure;
    }

    /** Waits until {@link #fail} or {@link #releaseFailureWaiters}. */
    void awaitFailure() throws InterruptedException {
        failed.await();
    }

    void releaseFailureWaiters() {
        failed.countDown();
    }
}
