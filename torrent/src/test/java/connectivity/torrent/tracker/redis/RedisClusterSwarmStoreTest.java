package connectivity.torrent.tracker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RedisClusterProcess;
import connectivity.torrent.tracker.SwarmStore;
import connectivity.torrent.tracker.SwarmStoreContract;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real three-node Redis Cluster, reached through one node ({@link RedisSwarmStore#connectCluster}):
 * a script whose keys spanned slots would fail with CROSSSLOT.
 */
class RedisClusterSwarmStoreTest extends SwarmStoreContract {
    private static RedisClusterProcess cluster;
    private RedisSwarmStore redis;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisClusterProcess.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Override
    protected SwarmStore emptyStore() {
        cluster.flushAll();
        redis = RedisSwarmStore.connectCluster(List.of(RedisAddress.parse("redis://127.0.0.1:" + cluster.ports().get(0))), Optional.empty());
        redis.ping();
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

    @Test
    void ourSlotArithmeticAgreesWithTheCluster() {
        for (int i = 0; i < 20; i++) {
            byte[] hash = new byte[20];
            new java.util.Random(i).nextBytes(hash);
            for (byte[] key : RedisSwarmStore.keys(new connectivity.torrent.meta.InfoHash(hash))) {
                String k = new String(key, java.nio.charset.StandardCharsets.US_ASCII);
                assertThat(KeySlot.of(key)).as(k).isEqualTo(cluster.keySlot(k));
            }
        }
    }
}
