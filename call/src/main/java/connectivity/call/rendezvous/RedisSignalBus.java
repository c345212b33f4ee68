package connectivity.call.rendezvous;

import connectivity.call.store.RedisStore;
import connectivity.call.wire.CallProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * Signals between rendezvous instances through one Redis stream. Every instance appends its signals (XADD, one round
 * trip) and reads everyone's from the last entry it saw (XREAD BLOCK on a connection of its own), acting on those for
 * users it holds. Unlike pub/sub, a reader that was away (its connection cut, Redis restarting, the instance stalled)
 * picks up where it left off: nothing published meanwhile is lost as long as it is among the last
 * {@link #MAX_LENGTH} entries; entries older than {@code maxAge} by Redis's clock are skipped, since the calls they
 * belonged to have timed out on the clients by then. The stream is cut to about {@link #MAX_LENGTH} entries on every
 * append and expires {@link #KEY_TTL} after the last one, so it never grows without bound.
 *
 * <p>A read blocks at most {@code wait}; Jedis lifts the socket timeout for a blocking read, so a watchdog disconnects
 * a read still unanswered {@link RedisStore#TIMEOUT} after that (a dead or stalled link), and the reader reconnects.
 */
public final class RedisSignalBus implements SignalBus {
    private static final Logger log = LoggerFactory.getLogger(RedisSignalBus.class);
    private static final long RETRY_MILLIS = 1000;
    /** How long one XREAD waits for new entries before it is sent again. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);
    /** Signals older than this are not delivered after an absence: their calls' deadlines have passed. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(30);
    /** Entries the stream keeps (approximately: Redis trims whole nodes); what an absent reader can catch up on. */
    public static final int MAX_LENGTH = 4096;
    /** The stream's expiry after the last append, so an idle deployment leaves nothing behind. */
    public static final Duration KEY_TTL = Duration.ofSeconds(120);
    private static final int BATCH = 256;
    private static final byte[] FIELD = {'s'};
    private static final byte[] APPEND = """
            redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 's', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1""".getBytes(StandardCharsets.US_ASCII);

    private final RedisStore store;
    private final String streamName;
    private final byte[] stream;
    private final Duration wait;
    private final Duration maxAge;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch firstSubscription = new CountDownLatch(1);
    /** The last entry read; null until the first connection. Only the reader thread writes it. */
    private volatile StreamEntryID cursor;
    private volatile Jedis connection;
    /** When the read in flight started (System.nanoTime), or 0 between reads; for the watchdog. */
    private volatile long readSince;
    private volatile boolean closed;
    private Thread thread;

    public RedisSignalBus(RedisStore store, String prefix) {
        this(store, prefix, DEFAULT_WAIT, DEFAULT_MAX_AGE);
    }

    public RedisSignalBus(RedisStore store, String prefix, Duration wait, Duration maxAge) {
        this.store = store;
        this.streamName = prefix + "signals";
        this.stream = streamName.getBytes(StandardCharsets.UTF_8);
        this.wait = wait;
        this.maxAge = maxAge;
    }

    /** Reads given up on by the watchdog because Redis did not answer in time (a dead or stalled link). */
    public long silentReconnects() {
        return reconnects.get();
    }

    /** Signals read after an absence but not delivered, being older than {@code maxAge}. */
    public long staleSkipped() {
        return stale.get();
    }

    /** Starts reading in the background; waits (bounded) for the first read position, so no early signal is missed. */
    @Override
    public void subscribe(Consumer<Signal> inbox) {
        thread = Thread.ofVirtual().name("rendezvous-signals").start(() -> listen(inbox));
        try {
            firstSubscription.await(RedisStore.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen(Consumer<Signal> inbox) {
        boolean failing = false;
        while (!closed) {
            try (Jedis j = store.dedicated()) {
                connection = j;
                readSince = 0;
                if (closed) break;
                long offset = clockOffset(j);
                position(j);
                firstSubscription.countDown();
                Thread watchdog = Thread.ofVirtual().name("rendezvous-signals-watchdog").start(() -> watch(j));
                if (failing) log.info("rendezvous: signal bus on {} reads again from {}", store.where(), cursor);
                failing = false;
                try {
                    while (!closed) read(j, inbox, offset);
                } finally {
                    watchdog.interrupt();
                }
            } catch (JedisException e) {
                if (closed) break;
                if (!failing) {
                    log.warn("rendezvous: signal bus on {} lost: {}; retrying every {} ms, then reading on from {}",
                            store.where(), e.getMessage(), RETRY_MILLIS, cursor);
                }
                failing = true;
            }
            try {
                if (closing.await(RETRY_MILLIS, TimeUnit.MILLISECONDS)) break;
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /** Disconnects {@code j} when a read has gone unanswered for {@code wait} plus the command deadline. */
    private void watch(Jedis j) {
        long limit = wait.plus(RedisStore.TIMEOUT).toNanos();
        try {
            while (!closed) {
                if (closing.await(wait.toMillis() / 2 + 1, TimeUnit.MILLISECONDS)) return;
                long since = readSince;
                if (since != 0 && System.nanoTime() - since > limit) {
                    log.warn("rendezvous: signal bus on {} did not answer a read within {} ms; reconnecting", store.where(),
                            TimeUnit.NANOSECONDS.toMillis(limit));
                    reconnects.incrementAndGet();
                    j.disconnect();
                    return;
                }
            }
        } catch (InterruptedException e) {
            // the connection ended
        } catch (JedisException e) {
            // it broke: the reader sees it too
        }
    }

    /** Redis's clock minus ours, in ms: entry ids carry Redis's time, and their age is judged by it. */
    private static long clockOffset(Jedis j) {
        List<String> t = j.time();
        long redisMillis = Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000;
        return redisMillis - System.currentTimeMillis();
    }

    /**
     * Where reading starts: on the first connection after the newest entry (older ones are for a previous life of this
     * instance); on later ones where we left off, unless the stream's newest entry is older than that (Redis lost it
     * and started over), in which case from its beginning.
     */
    private void position(Jedis j) {
        List<StreamEntry> newest = j.xrevrange(streamName, "+", "-", 1); // only its id is read
        StreamEntryID last = newest == null || newest.isEmpty() ? new StreamEntryID(0, 0) : newest.get(0).getID();
        if (cursor == null) {
            cursor = last;
        } else if (last.compareTo(cursor) < 0) {
            cursor = new StreamEntryID(0, 0);
        }
    }

    private void read(Jedis j, Consumer<Signal> inbox, long offset) {
        readSince = System.nanoTime();
        var reply = j.xreadBinary(XReadParams.xReadParams().block((int) wait.toMillis()).count(BATCH), Map.of(stream, cursor));
        readSince = 0;
        if (reply == null) return;
        long oldest = System.currentTimeMillis() + offset - maxAge.toMillis();
        for (Map.Entry<byte[], List<StreamEntryBinary>> s : reply) {
            for (StreamEntryBinary e : s.getValue()) {
                cursor = e.getID();
                if (e.getID().getTime() < oldest) {
                    stale.incrementAndGet();
                    continue;
                }
                deliver(inbox, e);
            }
        }
    }

    private static void deliver(Consumer<Signal> inbox, StreamEntryBinary e) {
        for (Map.Entry<byte[], byte[]> f : e.getFields().entrySet()) {
            if (!Arrays.equals(f.getKey(), FIELD)) continue;
            try {
                inbox.accept(Signal.decode(f.getValue()));
            } catch (CallProtocolException ex) {
                log.warn("rendezvous: dropped a malformed signal from another instance: {}", ex.getMessage());
            }
        }
    }

    @Override
    public void publish(Signal signal) {
        byte[] maxLen = Integer.toString(MAX_LENGTH).getBytes(StandardCharsets.US_ASCII);
        byte[] ttl = Long.toString(KEY_TTL.toMillis()).getBytes(StandardCharsets.US_ASCII);
        store.run(j -> j.eval(APPEND, List.of(stream), List.of(maxLen, ttl, Signal.encode(signal))));
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
        closing.countDown();
        Jedis j = connection;
        if (j != null) {
            try {
                j.disconnect(); // ends a blocked XREAD at once
            } catch (JedisException e) {
                // closing anyway
            }
        }
        if (thread != null) {
            try {
                thread.join(RedisStore.TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
