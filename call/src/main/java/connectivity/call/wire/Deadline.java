package connectivity.call.wire;

import connectivity.net.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One deadline for a whole exchange (a login, a relay join): when it passes, the connection is
 * closed, which ends any read or write blocked on it. A read timeout alone restarts with every
 * byte, so a peer dribbling one byte at a time would hold the connection for ever.
 */
public final class Deadline implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("call-deadlines").factory());

    private final ScheduledFuture<?> task;

    private Deadline(ScheduledFuture<?> task) {
        this.task = task;
    }

    /** Closes {@code connection} after {@code limit} unless {@link #close()} is called first. */
    public static Deadline closing(Connection connection, Duration limit) {
        return new Deadline(TIMER.schedule(connection::close, limit.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Whether the deadline passed (and the connection was closed because of it). */
    public boolean expired() {
        return task.isDone() && !task.isCancelled();
    }

    /** The exchange finished in time: the connection stays open. */
    @Override
    public void close() {
        task.cancel(false);
    }
}
