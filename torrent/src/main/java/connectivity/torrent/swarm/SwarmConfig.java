package connectivity.torrent.swarm;

import java.time.Duration;

/**
 * How a swarm behaves. The intervals are here so tests can run the choker in milliseconds.
 *
 * @param bindAddress where to accept peers
 * @param port listening port, 0 for any free one
 * @param maxPeers most connections at once, both directions
 * @param uploadSlots peers unchoked for their rate (plus one optimistic)
 * @param chokeInterval how often the unchoked set is recomputed (BEP 3: 10 s)
 * @param optimisticInterval how often the optimistic unchoke moves on (BEP 3: 30 s)
 * @param snubTimeout a peer that sends nothing for this long loses its outstanding requests
 * @param initialQueue requests kept outstanding per peer before its rate is known
 * @param maxQueue most requests outstanding per peer
 * @param banStrikes failed pieces that a peer alone delivered before it is banned
 * @param downloadLimit bytes per second over all peers, 0 for no limit
 * @param uploadLimit bytes per second over all peers, 0 for no limit
 * @param hashThreads threads for the initial verification
 * @param idleTimeout a peer that sends nothing at all for this long is closed (keep-alives come every minute or two)
 * @param maxPeerRequests most of a peer's requests we hold unanswered (blocks and rejects queued for it); we advertise
 *     it as BEP 10 {@code reqq}, and a peer that asks for more is dropped (libtorrent's max_allowed_in_request_queue, 500)
 * @param tradeGrace when every peer slot is taken, a peer with which neither side has been interested for this long
 *     is closed to make room for a newcomer
 * @param redialFirst a peer given by hand that is not connected is dialled again after this long, doubling each time...
 * @param redialMax ...up to this long
 */
public record SwarmConfig(
        String bindAddress,
        int port,
        int maxPeers,
        int uploadSlots,
        Duration chokeInterval,
        Duration optimisticInterval,
        Duration snubTimeout,
        int initialQueue,
        int maxQueue,
        int banStrikes,
        long downloadLimit,
        long uploadLimit,
        int hashThreads,
        Duration idleTimeout,
        int maxPeerRequests,
        Duration tradeGrace,
        Duration redialFirst,
        Duration redialMax) {

    public static SwarmConfig defaults() {
        return new SwarmConfig("0.0.0.0", 0, 50, 4, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(20),
                64, 1024, 2, 0, 0, Math.max(1, Runtime.getRuntime().availableProcessors()), Duration.ofMinutes(3),
                500, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public SwarmConfig withBind(String address, int newPort) {
        return new SwarmConfig(address, newPort, maxPeers, uploadSlots, chokeInterval, optimisticInterval, snubTimeout,
                initialQueue, maxQueue, banStrikes, downloadLimit, uploadLimit, hashThreads, idleTimeout,
                maxPeerRequests, tradeGrace, redialFirst, redialMax);
    }

    public SwarmConfig withMaxPeers(int n) {
        return new SwarmConfig(bindAddress, port, n, uploadSlots, chokeInterval, optimisticInterval, snubTimeout, initialQueue,
                maxQueue, banStrikes, downloadLimit, uploadLimit, hashThreads, idleTimeout, maxPeerRequests,
                tradeGrace, redialFirst, redialMax);
    }

    public SwarmConfig withChoking(int slots, Duration interval, Duration optimistic) {
        return new SwarmConfig(bindAddress, port, maxPeers, slots, interval, optimistic, snubTimeout, initialQueue, maxQueue,
                banStrikes, downloadLimit, uploadLimit, hashThreads, idleTimeout, maxPeerRequests, tradeGrace,
                redialFirst, redialMax);
    }

    public SwarmConfig withSnubTimeout(Duration d) {
        return new SwarmConfig(bindAddress, port, maxPeers, uploadSlots, chokeInterval, optimisticInterval, d, initialQueue,
                maxQueue, banStrikes, downloadLimit, uploadLimit, hashThreads, idleTimeout, maxPeerRequests,
                tradeGrace, redialFirst, redialMax);
    }

    public SwarmConfig withDownloadLimit(long bytesPerSecond) {
        return new SwarmConfig(bindAddress, port, maxPeers, uploadSlots, chokeInterval, optimisticInterval, snubTimeout,
                initialQueue, maxQueue, banStrikes, bytesPerSecond, uploadLimit, hashThreads, idleTimeout,
                maxPeerRequests, tradeGrace, redialFirst, redialMax);
    }

    public SwarmConfig withUploadLimit(long bytesPerSecond) {
        return new SwarmConfig(bindAddress, port, maxPeers, uploadSlots, chokeInterval, optimisticInterval, snubTimeout,
                initialQueue, maxQueue, banStrikes, downloadLimit, bytesPerSecond, hashThreads, idleTimeout,
                maxPeerRequests, tradeGrace, redialFirst, redialMax);
    }

    public SwarmConfig withIdleTimeout(Duration d) {
        return new SwarmConfig(bindAddress, port, maxPeers, uploadSlots, chokeInterval, optimisticInterval, snubTimeout,
                initialQueue, maxQueue, banStrikes, downloadLimit, uploadLimit, hashThreads, d, maxPeerRequests,
                tradeGrace, redialFirst, redialMax);
    }

    public SwarmConfig withMaxPeerRequests(int n) {
        return new SwarmConfig(bindAddress, port, maxPeers, uploadSlots, chokeInterval, optimisticInterval, snubTimeout,
                initialQueue, maxQueue, banStrikes, downloadLimit, uploadLimit, hashThreads, idleTimeout, n,
                tradeGrace, redialFirst, redialMax);
    }

    public SwarmConfig withTradeGrace(Duration d) {
        return new SwarmConfig(bindAddress, port, maxPeers, uploadSlots, chokeInterval, optimisticInterval, snubTimeout,
                initialQueue, maxQueue, banStrikes, downloadLimit, uploadLimit, hashThreads, idleTimeout,
                maxPeerRequests, d, redialFirst, redialMax);
    }

    public SwarmConfig withRedial(Duration first, Duration max) {
        return new SwarmConfig(bindAddress, port, maxPeers, uploadSlots, chokeInterval, optimisticInterval, snubTimeout,
                initialQueue, maxQueue, banStrikes, downloadLimit, uploadLimit, hashThreads, idleTimeout,
                maxPeerRequests, tradeGrace, first, max);
    }
}
