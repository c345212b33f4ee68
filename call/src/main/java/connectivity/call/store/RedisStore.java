package connectivity.call.store;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A pool of blocking Redis connections shared by the Redis stores of one process. Every command runs through
 * {@link #run}, which has a deadline (the socket timeout) and turns a Redis failure into one
 * {@link StoreUnavailableException}; the outage is logged once when it starts and once when it ends, not per
 * command, so a down Redis does not flood the log.
 */
public final class RedisStore implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(RedisStore.class);
    /** One command's deadline; also how long taking a connection from the pool may wait. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Connections one process keeps to Redis. */
    public static final int MAX_CONNECTIONS = 32;

    private final StoreUri where;
    private final JedisPool pool;
    private final HostAndPort address;
    private final JedisClientConfig client;
    private final AtomicBoolean down = new AtomicBoolean();

    public RedisStore(StoreUri where, String password, String clientName) {
        this.where = where;
        this.address = new HostAndPort(where.host(), where.port());
        this.client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) TIMEOUT.toMillis())
                .socketTimeoutMillis((int) TIMEOUT.toMillis())
                .database(where.database())
                .password(password)
                .clientName(clientName)
                .autoNegotiateProtocol(false)
                .build();
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(MAX_CONNECTIONS);
        poolConfig.setMaxWait(TIMEOUT);
        // A connection broken by a Redis restart is found and replaced when taken, not failed on once more.
        poolConfig.setTestOnBorrow(true);
        this.pool = new JedisPool(poolConfig, address, client);
    }

    public StoreUri where() {
        return where;
    }

    /** Runs {@code op} on a pooled connection; any Redis failure comes out as {@link StoreUnavailableException}. */
    public <T> T run(Function<Jedis, T> op) {
        try (Jedis jedis = pool.getResource()) {
            T result = op.apply(jedis);
            if (down.compareAndSet(true, false)) log.info("store {} answers again", where);
            return result;
        } catch (JedisException e) {
            if (down.compareAndSet(false, true)) log.warn("store {} unavailable: {}", where, e.getMessage());
            throw new StoreUnavailableException("store " + where + " unavailable", e);
        }
    }

    /** A connection of its own, outside the pool, for a subscription (which holds its connection for good). */
    public Jedis dedicated() {
        return new Jedis(address, client);
    }

    /**
     * Checks that Redis answers (and takes our password), so a server can refuse to start without it. Not
     * logged: the caller reports it (one line to the user, not a log line and then the same again).
     */
    public void ping() {
        try (Jedis jedis = pool.getResource()) {
            jedis.ping();
        } catch (JedisException e) {
            throw new StoreUnavailableException("store " + where + " unavailable", e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
