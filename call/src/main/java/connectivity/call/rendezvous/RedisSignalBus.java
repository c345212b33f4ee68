package connectivity.call.rendezvous;

import connectivity.call.store.RedisStore;
import connectivity.call.wire.CallProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Signals between rendezvous instances over one Redis pub/sub channel. Every instance hears every signal and acts
 * on those for users it holds: one PUBLISH per signal, no routing table to keep right, at the cost of each
 * instance decoding the others' signals (fine for a handful of instances). Signals published while an instance
 * is not subscribed (Redis down) are lost; the calls they belonged to time out on the clients.
 */
public final class RedisSignalBus implements SignalBus {
    private static final Logger log = LoggerFactory.getLogger(RedisSignalBus.class);
    private static final long RETRY_MILLIS = 1000;
    /** How often the subscription is pinged; a PING unanswered for as long again means a dead connection. */
    public static final Duration DEFAULT_PING = Duration.ofSeconds(5);

    private final RedisStore store;
    private final byte[] channel;
    private final Duration pingEvery;
    private final AtomicLong reconnects = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch firstSubscription = new CountDownLatch(1);
    private volatile Jedis connection;
    private volatile BinaryJedisPubSub subscription;
    private volatile boolean closed;
    private Thread thread;

    public RedisSignalBus(RedisStore store, String prefix) {
        this(store, prefix, DEFAULT_PING);
    }

    public RedisSignalBus(RedisStore store, String prefix, Duration pingEvery) {
        this.store = store;
        this.channel = (prefix + "signals").getBytes(StandardCharsets.UTF_8);
        this.pingEvery = pingEvery;
    }

    /** Connections given up on for want of a PONG (the subscription reads without a timeout otherwise). */
    public long silentReconnects() {
        return reconnects.get();
    }

    /** Subscribes in the background; waits (bounded) for the first subscription so no early signal is missed. */
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
        AtomicBoolean failing = new AtomicBoolean();
        while (!closed) {
            AtomicLong pongs = new AtomicLong();
            BinaryJedisPubSub sub = new BinaryJedisPubSub() {
                @Override
                public void onPong(byte[] pattern) {
                    pongs.incrementAndGet();
                }

                @Override
                public void onSubscribe(byte[] channel, int count) {
                    firstSubscription.countDown();
                    if (failing.getAndSet(false)) log.info("rendezvous: signal bus on {} subscribed again", store.where());
                }

                @Override
                public void onMessage(byte[] channel, byte[] message) {
                    try {
                        inbox.accept(Signal.decode(message));
                    } catch (CallProtocolException e) {
                        log.warn("rendezvous: dropped a malformed signal from another instance: {}", e.getMessage());
                    }
                }
            };
            try (Jedis j = store.dedicated()) {
                connection = j;
                subscription = sub;
                if (closed) break;
                Thread watchdog = Thread.ofVirtual().name("rendezvous-signals-ping").start(() -> watch(j, sub, pongs));
                try {
                    j.subscribe(sub, channel);
                } finally {
                    watchdog.interrupt();
                } // returns on unsubscribe (close), throws when Redis goes away
            } catch (JedisException e) {
                if (!failing.getAndSet(true) && !closed) {
                    log.warn("rendezvous: signal bus on {} lost: {}; retrying every {} ms", store.where(), e.getMessage(), RETRY_MILLIS);
                }
            }
            try {
                if (closing.await(RETRY_MILLIS, TimeUnit.MILLISECONDS)) break;
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /** Pings the subscription; one left unanswered for {@code pingEvery} closes the connection (and so resubscribes). */
    private void watch(Jedis j, BinaryJedisPubSub sub, AtomicLong pongs) {
        try {
            while (!closed) {
                if (closing.await(pingEvery.toMillis(), TimeUnit.MILLISECONDS)) return;
                if (!sub.isSubscribed()) continue;
                long before = pongs.get();
                sub.ping();
                if (closing.await(pingEvery.toMillis(), TimeUnit.MILLISECONDS)) return;
                if (pongs.get() == before) {
                    log.warn("rendezvous: signal bus on {} did not answer a PING within {} ms; reconnecting", store.where(),
                            pingEvery.toMillis());
                    reconnects.incrementAndGet();
                    j.disconnect();
                    return;
                }
            }
        } catch (InterruptedException e) {
            // the subscription ended
        } catch (JedisException e) {
            // the connection broke: the subscriber sees it too and reconnects
        }
    }

    @Override
    public void publish(Signal signal) {
        store.run(j -> j.publish(channel, Signal.encode(signal)));
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
        closing.countDown();
        try {
            BinaryJedisPubSub sub = subscription;
            if (sub != null && sub.isSubscribed()) sub.unsubscribe();
        } catch (JedisException | IllegalStateException e) {
            // Redis is gone: closing the connection below ends the subscriber
        }
        Jedis j = connection;
        if (j != null) {
            try {
                j.disconnect();
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
