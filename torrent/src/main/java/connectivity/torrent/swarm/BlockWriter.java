package connectivity.torrent.swarm;

import connectivity.torrent.storage.PieceStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stores received blocks on threads of its own, so that a peer's reader goes on reading and hashing while the
 * last blocks go to the disk: the reader never waits for a write. Each reader
 * gathers the blocks it receives in a row for the same piece into a {@link Batch}, stored with one write and
 * one hand-over (a hand-over per block costs a thread wake-up per 16 KiB). The queue is short and bounded;
 * a reader that outruns the disk waits. Batches still queued when it stops are dropped: their pieces were not
 * verified, so nothing counts them as had.
 */
final class BlockWriter {
    /** Contiguous blocks of one piece, from {@code begin} on; {@code data} is the writer's own copy. */
    record Pending(PeerSession from, int piece, int begin, ByteBuffer data) {}

    /** Stores a batch and does what follows (bookkeeping, the piece's check: {@link PieceCompletion}); runs on a writer thread. */
    interface Sink {
        void store(Pending batch);
    }

    /** One reader's blocks received in a row, not yet handed over. Only that reader touches it. */
    final class Batch {
        private final PeerSession from;
        private ByteBuffer data;
        private int piece = -1, begin, end;

        private Batch(PeerSession from) {
            this.from = from;
        }

        /** Adds a copy of the block (its bytes are only lent), handing the batch over first if the block does not continue it. */
        void add(int piece, int begin, ByteBuffer block) throws InterruptedException {
            if (data != null && (piece != this.piece || begin != end || data.remaining() < block.remaining())) flush();
            if (data == null) {
                data = spareBuffer();
                this.piece = piece;
                this.begin = begin;
                end = begin;
            }
            data.put(block.duplicate());
            end += block.remaining();
        }

        /** Hands what it holds to the writer threads; waits while the queue is full. */
        void flush() throws InterruptedException {
            if (data == null) return;
            Pending batch = new Pending(from, piece, begin, data.flip());
            data = null;
            while (!queue.offer(batch, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopping) return;
            }
        }
    }

    /** Most bytes in one batch: direct writes of a megabyte keep the device busy (a quarter of it left it the bottleneck). */
    static final int BATCH_BYTES = 1024 * 1024;
    private static final int QUEUE = 8;
    /** Writes in flight at once: direct writes wait for the device, and two keep it busier than one. */
    private static final int THREADS = 2;
    private static final long POLL_MILLIS = 200;
    /** Put in the queue by {@link #stop}: wakes a thread waiting for work at once (else it would see the stop only after its poll). */
    private static final Pending STOP = new Pending(null, -1, 0, null);

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    /** Buffers the threads have finished with, for the next batches (direct: the file write then copies nothing). */
    private final BlockingQueue<ByteBuffer> spare = new ArrayBlockingQueue<>(QUEUE + 8);
    private final Sink sink;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    BlockWriter(Sink sink) {
        this.sink = sink;
        for (int i = 0; i < THREADS; i++) threads.add(Thread.ofVirtual().name("torrent-disk-" + i).start(this::run));
    }

    Batch batch(PeerSession from) {
        return new Batch(from);
    }

    private ByteBuffer spareBuffer() {
        ByteBuffer b = spare.poll();
        // Page-aligned, so that the store can write it with direct I/O.
        return b == null ? ByteBuffer.allocateDirect(BATCH_BYTES + PieceStore.DIRECT_ALIGNMENT).alignedSlice(PieceStore.DIRECT_ALIGNMENT) : b.clear();
    }

    private void run() {
        while (!stopping) {
            Pending batch;
            try {
                batch = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) continue;
            if (batch == STOP) return;
            sink.store(batch);
            spare.offer(batch.data());
        }
    }

    /**
     * Stops after the batch being stored, if any, waiting at most {@code grace}. No interrupt: one in the middle
     * of a file write would close the file for everyone.
     */
    void stop(Duration grace) {
        stopping = true;
        // A full queue means every thread is storing, and each looks at stopping before it takes the next batch.
        for (int i = 0; i < threads.size(); i++) queue.offer(STOP);
        try {
            long deadline = System.nanoTime() + grace.toNanos();
            for (Thread t : threads) t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
