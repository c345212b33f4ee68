package connectivity.torrent.tracker.redis;

import connectivity.net.testing.RedisProcess;
import connectivity.torrent.tracker.SwarmStore;
import connectivity.torrent.tracker.SwarmStoreContract;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.RedisClient;

/** The store contract against a real redis-server on 127.0.0.1, emptied before each test. */
class RedisSwarmStoreTest extends SwarmStoreContract {
    private static RedisProcess redisServer;
    private RedisSwarmStore redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redisServer = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redisServer != null) redisServer.close();
    }

    @Override
    protected SwarmStore emptyStore() {
        try (RedisClient admin = RedisClient.create("127.0.0.1", redisServer.port())) {
            admin.flushDB();
        }
        redis = RedisSwarmStore.connect(RedisAddress.parse(redisServer.uri()), Optional.empty());
        return redis;
    }

    @AfterEach
    void closeStore() {
        if (redis != null) redis.close();
    }

    @Override
    protected int swarmCount() {
        return redis.swarmCount();
    }

    @Override
    protected int peerCount() {
        return redis.peerCount();
    }
}
