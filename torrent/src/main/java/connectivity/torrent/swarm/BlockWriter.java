package connectivity.torrent.swarm;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands received blocks to one thread that stores them, so that a peer's reader goes on reading and hashing
 * while the last block is copied into the page cache: on a fast link the two keep two cores busy, not one.
 * The queue is short and bounded; a reader that outruns the disk waits. Blocks still queued when it stops are
 * dropped: their pieces were not verified, so nothing counts them as had.
 */
final class BlockWriter {
    /** A block waiting for the disk; {@code data} is the writer's own copy. */
    record Pending(PeerLink link, int piece, int begin, ByteBuffer data) {}

    /** Stores one block and does what follows (bookkeeping, the piece's check); runs on the writer's thread. */
    interface Sink {
        void store(Pending block);
    }

    private static final int QUEUE = 64;
    private static final long POLL_MILLIS = 200;

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    /** Buffers the thread has finished with, for the next blocks (direct: the file write then copies nothing). */
    private final BlockingQueue<ByteBuffer> spare = new ArrayBlockingQueue<>(QUEUE + 8);
    private final Sink sink;
    private final Thread thread;
    private volatile boolean stopping;

    BlockWriter(Sink sink) {
        this.sink = sink;
        this.thread = Thread.ofVirtual().name("torrent-disk").start(this::run);
    }

    /** Queues a copy of {@code data}'s remaining bytes (they are only lent); waits while the queue is full. */
    void submit(PeerLink link, int piece, int begin, ByteBuffer data) throws InterruptedException {
        ByteBuffer copy = spare.poll();
        if (copy == null || copy.capacity() < data.remaining()) copy = ByteBuffer.allocateDirect(data.remaining());
        copy.clear().put(data.duplicate()).flip();
        Pending block = new Pending(link, piece, begin, copy);
        while (!queue.offer(block, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (stopping) return;
        }
    }

    private void run() {
        while (!stopping) {
            Pending block;
            try {
                block = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (block == null) continue;
            sink.store(block);
            spare.offer(block.data());
        }
    }

    /**
     * Stops after the block being stored, if any, waiting at most {@code grace}. No interrupt: one in the middle
     * of a file write would close the file for everyone.
     */
    void stop(Duration grace) {
        stopping = true;
        try {
            thread.join(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
