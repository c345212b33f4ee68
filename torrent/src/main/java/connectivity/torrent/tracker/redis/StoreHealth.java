package connectivity.torrent.tracker.redis;

import connectivity.torrent.tracker.SwarmStoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store's Redis answers, told to the log on each change and at most once a {@link #LOG_EVERY} while it
 * stays down, so a tracker under load logs a line a minute, not a stack trace per announce.
 */
final class StoreHealth {
    private static final Logger log = LoggerFactory.getLogger(RedisSwarmStore.class);
    static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final String name;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong lastLogNanos = new AtomicLong();
    private final AtomicLong failedSinceLog = new AtomicLong();

    StoreHealth(String name) {
        this.name = name;
    }

    void succeeded() {
        if (down.get() && down.compareAndSet(true, false)) {
            log.info("swarm store {} answers again ({} requests failed meanwhile)", name, failedSinceLog.getAndSet(0));
        }
    }

    SwarmStoreUnavailableException failed(RuntimeException cause) {
        long now = System.nanoTime();
        failedSinceLog.incrementAndGet();
        boolean first = down.compareAndSet(false, true);
        long last = lastLogNanos.get();
        if ((first || now - last >= LOG_EVERY.toNanos()) && lastLogNanos.compareAndSet(last, now)) {
            log.warn("swarm store {} unavailable: {} ({} requests failed since the last report)", name, cause.getMessage(), failedSinceLog.getAndSet(0));
        }
        return new SwarmStoreUnavailableException("swarm store unavailable", cause);
    }

    boolean down() {
        return down.get();
    }
}
