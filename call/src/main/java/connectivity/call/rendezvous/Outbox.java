package connectivity.call.rendezvous;

import connectivity.call.wire.Deadline;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.WireMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the rendezvous has to say to one client, written by the client's own writer thread, so a
 * client that stops reading blocks nobody who talks to it. The queue is bounded and every write
 * has a deadline: a client that cannot keep up is dropped (its connection closed, which ends its
 * reader and logs it out).
 */
final class Outbox {
    private final MessageChannel channel;
    private final BlockingQueue<WireMessage> queue;
    private final Duration writeTimeout;
    private volatile boolean closed;

    Outbox(MessageChannel channel, int capacity, Duration writeTimeout, String name) {
        this.channel = channel;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writeTimeout = writeTimeout;
        Thread.ofVirtual().name("rendezvous-out-" + name).start(this::writeLoop);
    }

    /** Queues {@code m}; when the queue is full the client is dropped instead. Never blocks. */
    void send(WireMessage m) {
        if (closed) return;
        if (!queue.offer(m)) drop();
    }

    private void writeLoop() {
        try {
            while (!closed) {
                WireMessage m = queue.poll(1, TimeUnit.SECONDS);
                if (m == null) continue;
                try (Deadline deadline = Deadline.closing(channel.connection(), writeTimeout)) {
                    channel.send(m);
                }
            }
        } catch (IOException e) {
            drop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drop();
        }
    }

    private void drop() {
        closed = true;
        channel.close();
    }

    /** The session ended: the writer stops (what is still queued is not sent). */
    void close() {
        closed = true;
        queue.clear();
    }
}
