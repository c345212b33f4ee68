package connectivity.torrent.tracker.redis;

import static java.nio.charset.StandardCharsets.US_ASCII;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.tracker.AnnounceEvent;
import connectivity.torrent.tracker.FullSweep;
import connectivity.torrent.tracker.PeerRecord;
import connectivity.torrent.tracker.PeerSample;
import connectivity.torrent.tracker.SwarmStore;
import connectivity.torrent.tracker.SwarmStoreUnavailableException;
import connectivity.torrent.tracker.TrackerLimits;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Swarms in Redis, so several tracker processes serve one set of swarms. Every announce is one EVALSHA of a Lua
 * script on the swarm's own keys (Redis runs it atomically, which gives the per-swarm atomicity of {@link SwarmStore});
 * see {@code common.lua} for the keys. Every key a script touches carries the info-hash as hash tag, so a script runs
 * on one Redis Cluster slot. The tracker-wide counts behind the caps live outside the scripts ({@link TrackerCounts}):
 * when a script created or forgot a swarm or added or dropped peers, a second round trip applies that, and an
 * admission the counts refuse is taken back ({@code refuse.lua}). Expiry is the store's: every script first drops the
 * swarm's peers last seen before the cutoff, and {@link #purge} walks all swarms.
 */
public final class RedisSwarmStore implements SwarmStore, AutoCloseable {
    static final String PREFIX = "ct:tracker:";
    private static final int PURGE_BATCH = 256;
    /** Connections for many virtual threads: each holds one for a round trip, so a few dozen go a long way. */
    public static final int POOL_SIZE = 64;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final LuaScript ANNOUNCE = LuaScript.load("announce.lua");
    private static final LuaScript STATS = LuaScript.load("stats.lua");
    private static final LuaScript PURGE = LuaScript.load("purge.lua");
    private static final LuaScript REFUSE = LuaScript.load("refuse.lua");

    private final UnifiedJedis redis;
    private final TrackerCounts counts;
    private final StoreHealth health;
    private final FullSweep fullSweep = new FullSweep();

    RedisSwarmStore(UnifiedJedis redis, String name) {
        this.redis = redis;
        this.counts = new TrackerCounts(redis, PREFIX);
        this.health = new StoreHealth(name);
    }

    /** A store on the Redis at {@code address}; connects lazily, so a Redis that is down now may come up later. */
    public static RedisSwarmStore connect(RedisAddress address, Optional<String> password) {
        RedisClient client = RedisClient.builder().hostAndPort(address.host(), address.port())
                .clientConfig(clientConfig(address.database(), password)).poolConfig(pool()).build();
        return new RedisSwarmStore(client, address.toString());
    }

    /**
     * A store on the Redis Cluster that {@code nodes} belong to (any one is enough to find the rest; each a
     * {@code redis://HOST:PORT}, database 0). Unlike {@link #connect} it asks the cluster for its slots at once, so a
     * cluster that does not answer fails here.
     */
    public static RedisSwarmStore connectCluster(List<RedisAddress> nodes, Optional<String> password) {
        Set<HostAndPort> seeds = new HashSet<>();
        for (RedisAddress a : nodes) seeds.add(new HostAndPort(a.host(), a.port()));
        try {
            RedisClusterClient client = RedisClusterClient.builder().nodes(seeds).clientConfig(clientConfig(0, password)).poolConfig(pool())
                    .maxTotalRetriesDuration(TIMEOUT.multipliedBy(2)).build();
            return new RedisSwarmStore(client, "redis-cluster://" + nodes.get(0).host() + ":" + nodes.get(0).port());
        } catch (JedisException e) {
            throw new SwarmStoreUnavailableException("swarm store unavailable", e);
        }
    }

    private static DefaultJedisClientConfig clientConfig(int database, Optional<String> password) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .database(database)
                .connectionTimeoutMillis((int) TIMEOUT.toMillis())
                .socketTimeoutMillis((int) TIMEOUT.toMillis())
                .clientName("connectivity-tracker");
        password.ifPresent(config::password);
        return config.build();
    }

    private static GenericObjectPoolConfig<Connection> pool() {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMaxWait(TIMEOUT);
        pool.setJmxEnabled(false);
        return pool;
    }

    /** Checks that the server answers (and takes the password), for a clear error at startup (which is not logged). */
    public void ping() {
        try {
            redis.ping();
        } catch (JedisException e) {
            throw new SwarmStoreUnavailableException("swarm store unavailable", e);
        }
    }

    @Override
    public AnnounceOutcome announce(InfoHash hash, PeerRecord peer, AnnounceEvent event, Instant expiredBefore, int numwant,
            Families families, TrackerLimits limits) {
        // Room may be held by peers expired in other swarms.
        return fullSweep.announce(() -> tryAnnounce(hash, peer, event, expiredBefore, numwant, families, limits), expiredBefore, this,
                this::swarmCount);
    }

    private AnnounceOutcome tryAnnounce(InfoHash hash, PeerRecord peer, AnnounceEvent event, Instant expiredBefore, int numwant,
            Families families, TrackerLimits limits) {
        byte[] endpoint = endpoint(peer.address(), peer.port());
        byte[] name = name(hash);
        List<byte[]> args = List.of(name, endpoint, keyedField(peer), record(peer), flag(peer.seeder()),
                num(millis(peer.lastSeen())), num(millis(expiredBefore)), eventCode(event), num(numwant),
                num(limits.maxPeersPerSwarm()));
        return call(() -> {
            List<?> reply = (List<?>) ANNOUNCE.run(redis, keys(hash), args);
            long kind = (Long) reply.get(0);
            boolean created = (Long) reply.get(1) == 1;
            boolean added = (Long) reply.get(4) == 1;
            TrackerLimits.Full full = counts.apply(name, created, (Long) reply.get(2) == 1, (Long) reply.get(3), added, limits);
            if (full != null) {
                takeBack(hash, name, endpoint, created, expiredBefore);
                return AnnounceOutcome.refused(full);
            }
            if (kind < 0) return AnnounceOutcome.refused(TrackerLimits.Full.valueOf(new String((byte[]) reply.get(5), US_ASCII)));
            SwarmStats stats = new SwarmStats(((Long) reply.get(5)).intValue(), ((Long) reply.get(6)).intValue(), (Long) reply.get(7));
            if (kind == 0) return new AnnounceOutcome(stats, PeerSample.NONE);
            List<PeerRecord> sampled = new ArrayList<>();
            addPeers(sampled, (List<?>) reply.get(8), false, peer, families);
            addPeers(sampled, (List<?>) reply.get(9), true, peer, families); // empty for a seeder but on its started announce
            Collections.shuffle(sampled, ThreadLocalRandom.current());
            return new AnnounceOutcome(stats, PeerSample.of(sampled.subList(0, Math.min(numwant, sampled.size()))));
        });
    }

    /** Undoes an admission the tracker-wide caps refused: the peer, or the whole swarm if this announce made it. */
    private void takeBack(InfoHash hash, byte[] name, byte[] endpoint, boolean created, Instant expiredBefore) {
        List<?> undone = (List<?>) REFUSE.run(redis, keys(hash), List.of(endpoint, flag(created), num(millis(expiredBefore))));
        counts.undo(name, (Long) undone.get(0), (Long) undone.get(1) == 1);
    }

    @Override
    public SwarmStats stats(InfoHash hash, Instant expiredBefore) {
        return call(() -> {
            List<?> reply = (List<?>) STATS.run(redis, keys(hash), List.of(num(millis(expiredBefore))));
            counts.undo(name(hash), (Long) reply.get(3), false);
            return new SwarmStats(((Long) reply.get(0)).intValue(), ((Long) reply.get(1)).intValue(), (Long) reply.get(2));
        });
    }

    @Override
    public int purge(Instant expiredBefore) {
        return call(() -> {
            PURGE.preload(redis);
            byte[] cutoff = num(millis(expiredBefore));
            int dropped = 0;
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            ScanParams batch = new ScanParams().count(PURGE_BATCH);
            do {
                ScanResult<Tuple> page = redis.zscan(counts.index(), cursor, batch);
                cursor = page.getCursorAsBytes();
                List<byte[]> names = new ArrayList<>();
                List<Response<Object>> swept = new ArrayList<>();
                try (AbstractPipeline p = redis.pipelined()) {
                    for (Tuple t : page.getResult()) {
                        byte[] name = t.getBinaryElement();
                        names.add(name);
                        swept.add(p.evalsha(PURGE.sha(), keys(name), List.of(name, cutoff)));
                    }
                    p.sync();
                }
                List<byte[]> forgotten = new ArrayList<>();
                long droppedHere = 0;
                for (int i = 0; i < swept.size(); i++) {
                    List<?> r = (List<?>) swept.get(i).get();
                    droppedHere += (Long) r.get(0);
                    if ((Long) r.get(1) == 1) forgotten.add(names.get(i));
                }
                counts.swept(droppedHere, forgotten);
                dropped += (int) droppedHere;
            } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
            return dropped;
        });
    }

    /** Number of swarms held, for tests and status. */
    public int swarmCount() {
        return call(counts::swarms);
    }

    /** Number of peers held in all swarms, for tests and status. */
    public int peerCount() {
        return call(counts::peers);
    }

    @Override
    public void close() {
        redis.close();
    }

    /** Runs one exchange with Redis; a failure becomes {@link SwarmStoreUnavailableException}, logged once a while. */
    private <T> T call(Supplier<T> exchange) {
        try {
            T result = exchange.get();
            health.succeeded();
            return result;
        } catch (JedisException e) {
            throw health.failed(e);
        }
    }

    private static void addPeers(List<PeerRecord> out, List<?> flat, boolean seeder, PeerRecord self, Families families) {
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            byte[] ep = (byte[]) flat.get(i);
            if (!families.allows(ep.length == 18)) continue;
            ByteBuffer rec = ByteBuffer.wrap((byte[]) flat.get(i + 1));
            Instant seen = Instant.ofEpochMilli(rec.getLong());
            byte[] id = new byte[20];
            rec.get(id);
            PeerRecord p = new PeerRecord(id, address(ep), ((ep[ep.length - 2] & 0xff) << 8) | (ep[ep.length - 1] & 0xff), seeder, seen);
            if (p.sameId(self) || p.endpoint().equals(self.endpoint())) continue; // itself, or its other address
            out.add(p);
        }
    }

    private static InetAddress address(byte[] endpoint) {
        try {
            return InetAddress.getByAddress(Arrays.copyOf(endpoint, endpoint.length - 2));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("corrupt endpoint in Redis", e); // only 4 or 16 bytes are ever written
        }
    }

    /** The swarm's five keys, all with the info-hash as hash tag: one cluster slot, the only keys its scripts touch. */
    static List<byte[]> keys(InfoHash hash) {
        return keys(name(hash));
    }

    private static List<byte[]> keys(byte[] name) {
        String base = PREFIX + "{" + new String(name, US_ASCII) + "}:";
        return List.of(bytes(base + "seen"), bytes(base + "leechers"), bytes(base + "seeders"), bytes(base + "keyed"),
                bytes(base + "meta"));
    }

    private static byte[] name(InfoHash hash) {
        return HexFormat.of().formatHex(hash.bytes()).getBytes(US_ASCII);
    }

    static byte[] endpoint(InetAddress address, int port) {
        byte[] a = address.getAddress();
        byte[] e = Arrays.copyOf(a, a.length + 2);
        e[a.length] = (byte) (port >> 8);
        e[a.length + 1] = (byte) port;
        return e;
    }

    /** Family and peer id: where an entry announced with a key is found again when its peer moves. */
    private static byte[] keyedField(PeerRecord peer) {
        byte[] f = new byte[21];
        f[0] = (byte) (peer.address() instanceof Inet6Address ? '6' : '4');
        System.arraycopy(peer.peerId(), 0, f, 1, 20);
        return f;
    }

    private static byte[] record(PeerRecord peer) {
        byte[] key = peer.key();
        return ByteBuffer.allocate(28 + key.length).putLong(millis(peer.lastSeen())).put(peer.peerId()).put(key).array();
    }

    private static byte[] eventCode(AnnounceEvent e) {
        return bytes(switch (e) {
            case STARTED -> "t";
            case COMPLETED -> "c";
            case STOPPED -> "s";
            default -> "n";
        });
    }

    /** Milliseconds, held within what a Lua number (a double) carries exactly, so Instant.MIN and MAX work as cutoffs. */
    private static long millis(Instant t) {
        long limit = 1L << 52;
        if (t.isBefore(Instant.ofEpochMilli(-limit))) return -limit;
        if (t.isAfter(Instant.ofEpochMilli(limit))) return limit;
        return t.toEpochMilli();
    }

    private static byte[] flag(boolean b) {
        return bytes(b ? "1" : "0");
    }

    private static byte[] num(long n) {
        return bytes(Long.toString(n));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(US_ASCII);
    }
}
