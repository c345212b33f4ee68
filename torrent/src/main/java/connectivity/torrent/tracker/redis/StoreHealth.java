package connectivity.torrent.tracker.redis;

import connectivity.torrent.tracker.SwarmStoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
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
    private final LongSupplier nanoTime;
    private final Consumer<String> warn;
    private final Consumer<String> info;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong lastLogNanos = new AtomicLong();
    private final AtomicLong failedSinceLog = new AtomicLong();

    StoreHealth(String name) {
        this(name, System::nanoTime, log::warn, log::info);
    }

    StoreHealth(String name, LongSupplier nanoTime, Consumer<String> warn, Consumer<String> info) {
        this.name = name;
        this.nanoTime = nanoTime;
        this.warn = warn;
        this.info = info;
    }

    void succeeded() {
        if (down.get() && down.compareAndSet(true, false)) {
            info.accept("swarm store " + name + " answers again (" + failedSinceLog.getAndSet(0) + " requests failed since the last report)");
        }
    }

    SwarmStoreUnavailableException failed(RuntimeException cause) {
        long now = nanoTime.getAsLong();
        failedSinceLog.incrementAndGet();
        boolean first = down.compareAndSet(false, true);
        long last = lastLogNanos.get();
        if ((first || now - last >= LOG_EVERY.toNanos()) && lastLogNanos.compareAndSet(last, now)) {
            warn.accept("swarm store " + name + " unavailable: " + cause.getMessage() + " (" + failedSinceLog.getAndSet(0)
                    + " requests failed since the last report)");
        }
        return new SwarmStoreUnavailableException("swarm store unavailable", cause);
    }

    boolean down() {
        return down.get();
    }
}
