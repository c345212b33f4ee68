package connectivity.torrent.dht;

import java.time.Duration;

/**
 * A node's settings and limits (the README's Limits table lists the defaults).
 *
 * @param alpha queries in flight per lookup
 * @param queryTimeout how long one query waits for its reply
 * @param restrictIps one routing-table slot per IP per bucket (loopback exempt)
 * @param queriesPerSecond queries answered per source IP per second (burst twice as many)
 * @param maxSources source IPs the rate limiter remembers
 * @param maxPending our queries in flight at once
 * @param maxHashes info-hashes the peer store holds
 * @param maxPeersPerHash peers held per info-hash
 * @param maxPeers peers held in all
 * @param amplification an answer to a sender not in our table is at most this many times its query's size
 * @param maxValues peers returned in one get_peers answer
 * @param maintenance how often buckets, pings, the peer store and the state file are looked after
 * @param enforceNodeIds BEP 42 enforcement: a node whose ID its IP may not have never enters the routing table
 *     (loopback and private addresses exempt); off by default, as in libtorrent, since many nodes predate BEP 42
 */
public record DhtConfig(int alpha, Duration queryTimeout, boolean restrictIps, double queriesPerSecond, int maxSources,
        int maxPending, int maxHashes, int maxPeersPerHash, int maxPeers, int amplification, int maxValues, Duration maintenance,
        boolean enforceNodeIds) {

    public static DhtConfig defaults() {
        return new DhtConfig(3, Duration.ofSeconds(2), true, 50, 10_000, 512, 10_000, 100, 100_000, 8, 50, Duration.ofMinutes(1), false);
    }

    public DhtConfig withQueryTimeout(Duration t) {
        return new DhtConfig(alpha, t, restrictIps, queriesPerSecond, maxSources, maxPending, maxHashes, maxPeersPerHash, maxPeers,
                amplification, maxValues, maintenance, enforceNodeIds);
    }

    public DhtConfig withQueriesPerSecond(double q) {
        return new DhtConfig(alpha, queryTimeout, restrictIps, q, maxSources, maxPending, maxHashes, maxPeersPerHash, maxPeers,
                amplification, maxValues, maintenance, enforceNodeIds);
    }

    public DhtConfig withMaintenance(Duration m) {
        return new DhtConfig(alpha, queryTimeout, restrictIps, queriesPerSecond, maxSources, maxPending, maxHashes, maxPeersPerHash,
                maxPeers, amplification, maxValues, m, enforceNodeIds);
    }

    public DhtConfig withEnforceNodeIds(boolean on) {
        return new DhtConfig(alpha, queryTimeout, restrictIps, queriesPerSecond, maxSources, maxPending, maxHashes, maxPeersPerHash,
                maxPeers, amplification, maxValues, maintenance, on);
    }
}
