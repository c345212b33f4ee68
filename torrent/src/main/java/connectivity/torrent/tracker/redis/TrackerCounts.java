package connectivity.torrent.tracker.redis;

import static java.nio.charset.StandardCharsets.US_ASCII;

import connectivity.torrent.tracker.TrackerLimits;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * The tracker-wide keys, kept out of the swarm scripts so that each script stays in its swarm's cluster slot: the
 * index of swarms ({@code swarms}, a sorted set by creation time that {@link RedisSwarmStore#purge} walks), the
 * swarm count and the peer count, each a key of its own and each changed by single-key commands (so they work on a
 * cluster too, each on its own slot). The caps are checked on the counts' new values: an INCR hands out tickets, so of
 * announces racing for the last room exactly as many as fit get a ticket under the cap and the others are taken back;
 * the counts never stay above a cap. If a tracker process dies between a script and its counts (a crash, a lost
 * connection), the counts drift by that announce until the swarm's peers expire.
 */
final class TrackerCounts {
    private final UnifiedJedis redis;
    private final byte[] index;
    private final byte[] swarms;
    private final byte[] peers;

    TrackerCounts(UnifiedJedis redis, String prefix) {
        this.redis = redis;
        this.index = (prefix + "swarms").getBytes(US_ASCII);
        this.swarms = (prefix + "swarm-count").getBytes(US_ASCII);
        this.peers = (prefix + "peers").getBytes(US_ASCII);
    }

    /** The sorted set of swarm names. */
    byte[] index() {
        return index.clone();
    }

    /**
     * Applies what one announce's script did (one round trip, and none if it changed no count). Returns the cap the
     * new counts break, for an announce that made a swarm or added a peer, or null: the caller then takes it back.
     */
    TrackerLimits.Full apply(byte[] name, boolean created, boolean forgotten, long delta, boolean added, TrackerLimits limits) {
        if (!created && !forgotten && delta == 0) return null;
        Response<Long> ticket = null;
        Response<Long> total = null;
        try (AbstractPipeline p = redis.pipelined()) {
            if (created) {
                p.zadd(index, System.currentTimeMillis(), name);
                ticket = p.incr(swarms);
            }
            if (delta != 0) total = p.incrBy(peers, delta);
            if (forgotten) {
                p.zrem(index, name);
                p.decr(swarms);
            }
            p.sync();
        }
        if (ticket != null && ticket.get() > limits.maxSwarms()) return TrackerLimits.Full.SWARMS;
        if (added && total != null && total.get() > limits.maxPeers()) return TrackerLimits.Full.PEERS;
        return null;
    }

    /** Counts out what a script dropped ({@code dropped} peers, and the swarm {@code name} if {@code forgotten}). */
    void undo(byte[] name, long dropped, boolean forgotten) {
        swept(dropped, forgotten ? List.of(name) : List.of());
    }

    /** Counts out what a purge dropped: {@code dropped} peers in all, and the swarms {@code forgotten}. */
    void swept(long dropped, List<byte[]> forgotten) {
        if (dropped == 0 && forgotten.isEmpty()) return;
        try (AbstractPipeline p = redis.pipelined()) {
            if (dropped != 0) p.decrBy(peers, dropped);
            if (!forgotten.isEmpty()) {
                p.zrem(index, forgotten.toArray(byte[][]::new));
                p.decrBy(swarms, forgotten.size());
            }
            p.sync();
        }
    }

    int swarms() {
        return read(swarms);
    }

    int peers() {
        return read(peers);
    }

    private int read(byte[] key) {
        byte[] n = redis.get(key);
        return n == null ? 0 : Integer.parseInt(new String(n, US_ASCII));
    }
}
