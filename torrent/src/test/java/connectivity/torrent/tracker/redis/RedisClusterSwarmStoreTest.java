package connectivity.torrent.tracker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RedisClusterProcess;
import connectivity.torrent.tracker.SwarmStore;
import connectivity.torrent.tracker.SwarmStoreContract;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;

/**
 * The store contract on a real three-node Redis Cluster: a script whose keys spanned slots would fail with CROSSSLOT,
 * and the swarms land on more than one node.
 */
class RedisClusterSwarmStoreTest extends SwarmStoreContract {
    private static RedisClusterProcess cluster;
    private RedisClusterClient client;
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
        Set<HostAndPort> nodes = cluster.ports().stream().map(p -> new HostAndPort("127.0.0.1", p)).collect(Collectors.toSet());
        client = RedisClusterClient.builder().nodes(nodes).clientConfig(DefaultJedisClientConfig.builder().build()).build();
        redis = new RedisSwarmStore(client, "cluster");
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
