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
 * @param redialMax ...up to this long (also for peers learned through PEX, each dialled a few times at most)
 * @param pex whether to exchange peers (BEP 11 {@code ut_pex}); private torrents never do, whatever this says
 * @param pexInterval a peer hears from us at most this often, and its messages past a few per interval are ignored
 *     (BEP 11: once a minute)
 * @param maxLearnedPeers most peers learned through PEX held at once, waiting to be dialled
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
        Duration redialMax,
        boolean pex,
        Duration pexInterval,
        int maxLearnedPeers) {

    public static SwarmConfig defaults() {
        return new Builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bindAddress = bindAddress;
        b.port = port;
        b.maxPeers = maxPeers;
        b.uploadSlots = uploadSlots;
        b.chokeInterval = chokeInterval;
        b.optimisticInterval = optimisticInterval;
        b.snubTimeout = snubTimeout;
        b.initialQueue = initialQueue;
        b.maxQueue = maxQueue;
        b.banStrikes = banStrikes;
        b.downloadLimit = downloadLimit;
        b.uploadLimit = uploadLimit;
        b.hashThreads = hashThreads;
        b.idleTimeout = idleTimeout;
        b.maxPeerRequests = maxPeerRequests;
        b.tradeGrace = tradeGrace;
        b.redialFirst = redialFirst;
        b.redialMax = redialMax;
        b.pex = pex;
        b.pexInterval = pexInterval;
        b.maxLearnedPeers = maxLearnedPeers;
        return b;
    }

    public SwarmConfig withBind(String address, int newPort) {
        return toBuilder().bind(address, newPort).build();
    }

    public SwarmConfig withMaxPeers(int n) {
        return toBuilder().maxPeers(n).build();
    }

    public SwarmConfig withChoking(int slots, Duration interval, Duration optimistic) {
        return toBuilder().choking(slots, interval, optimistic).build();
    }

    public SwarmConfig withSnubTimeout(Duration d) {
        return toBuilder().snubTimeout(d).build();
    }

    public SwarmConfig withDownloadLimit(long bytesPerSecond) {
        return toBuilder().downloadLimit(bytesPerSecond).build();
    }

    public SwarmConfig withUploadLimit(long bytesPerSecond) {
        return toBuilder().uploadLimit(bytesPerSecond).build();
    }

    public SwarmConfig withIdleTimeout(Duration d) {
        return toBuilder().idleTimeout(d).build();
    }

    public SwarmConfig withMaxPeerRequests(int n) {
        return toBuilder().maxPeerRequests(n).build();
    }

    public SwarmConfig withTradeGrace(Duration d) {
        return toBuilder().tradeGrace(d).build();
    }

    public SwarmConfig withRedial(Duration first, Duration max) {
        return toBuilder().redial(first, max).build();
    }

    /** Starts from the defaults; each setter names the field it sets (see the record's parameters). */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private int port = 0;
        private int maxPeers = 50;
        private int uploadSlots = 4;
        private Duration chokeInterval = Duration.ofSeconds(10);
        private Duration optimisticInterval = Duration.ofSeconds(30);
        private Duration snubTimeout = Duration.ofSeconds(20);
        private int initialQueue = 64;
        private int maxQueue = 1024;
        private int banStrikes = 2;
        private long downloadLimit = 0;
        private long uploadLimit = 0;
        private int hashThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private Duration idleTimeout = Duration.ofMinutes(3);
        private int maxPeerRequests = 500;
        private Duration tradeGrace = Duration.ofMinutes(1);
        private Duration redialFirst = Duration.ofSeconds(1);
        private Duration redialMax = Duration.ofSeconds(60);
        private boolean pex = true;
        private Duration pexInterval = Duration.ofMinutes(1);
        private int maxLearnedPeers = 200;

        private Builder() {}

        public Builder bind(String address, int port) {
            this.bindAddress = address;
            this.port = port;
            return this;
        }

        public Builder choking(int slots, Duration interval, Duration optimistic) {
            this.uploadSlots = slots;
            this.chokeInterval = interval;
            this.optimisticInterval = optimistic;
            return this;
        }

        public Builder redial(Duration first, Duration max) {
            this.redialFirst = first;
            this.redialMax = max;
            return this;
        }

        public Builder maxPeers(int v) {
            this.maxPeers = v;
            return this;
        }

        public Builder snubTimeout(Duration v) {
            this.snubTimeout = v;
            return this;
        }

        public Builder initialQueue(int v) {
            this.initialQueue = v;
            return this;
        }

        public Builder maxQueue(int v) {
            this.maxQueue = v;
            return this;
        }

        public Builder banStrikes(int v) {
            this.banStrikes = v;
            return this;
        }

        public Builder downloadLimit(long v) {
            this.downloadLimit = v;
            return this;
        }

        public Builder uploadLimit(long v) {
            this.uploadLimit = v;
            return this;
        }

        public Builder hashThreads(int v) {
            this.hashThreads = v;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            this.idleTimeout = v;
            return this;
        }

        public Builder maxPeerRequests(int v) {
            this.maxPeerRequests = v;
            return this;
        }

        public Builder tradeGrace(Duration v) {
            this.tradeGrace = v;
            return this;
        }

        public Builder pex(boolean v) {
            this.pex = v;
            return this;
        }

        public Builder pexInterval(Duration v) {
            this.pexInterval = v;
            return this;
        }

        public Builder maxLearnedPeers(int v) {
            this.maxLearnedPeers = v;
            return this;
        }

        public SwarmConfig build() {
            return new SwarmConfig(bindAddress, port, maxPeers, uploadSlots, chokeInterval, optimisticInterval,
                    snubTimeout, initialQueue, maxQueue, banStrikes, downloadLimit, uploadLimit, hashThreads,
                    idleTimeout, maxPeerRequests, tradeGrace, redialFirst, redialMax, pex, pexInterval, maxLearnedPeers);
        }
    }
}
