package connectivity.torrent.dht;

import connectivity.torrent.dht.KrpcMessage.Ping;
import connectivity.torrent.dht.KrpcMessage.Query;
import connectivity.torrent.dht.KrpcMessage.Response;
import connectivity.torrent.meta.InfoHash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A DHT node (BEP 5): answers queries, keeps its routing table alive, and looks up and announces info-hashes.
 * One virtual thread reads the socket; lookups run on the caller's thread; upkeep (pings of questionable nodes,
 * refresh of quiet buckets, the peer store's expiry, re-announces, saving the table) runs every
 * {@link DhtConfig#maintenance}.
 */
public final class DhtNode implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dht-timer");
        t.setDaemon(true);
        return t;
    });
    private static final Duration PING_EVERY = Duration.ofMinutes(5);
    private static final Duration REFRESH_QUIET = Duration.ofMinutes(15);
    private static final int MAX_VERIFYING = 256;

    /** Counters for tests, the CLI and the swarm benchmark. */
    public record Stats(long queriesIn, long answered, long rateLimited, long malformed, long repliesIgnored, int tableSize,
            int storedPeers, int queriesInFlight) {}

    private final DhtConfig config;
    private final DhtTransport transport;
    private final Clock clock;
    private final Random random;
    private final Rpc rpc;
    private final Tokens tokens;
    private final PeerStore store;
    private final RateLimiter limiter;
    private final Responder responder;
    private final Searches searches;
    private final AddressVotes votes = new AddressVotes();
    private final List<InetSocketAddress> bootstrap;
    private final Optional<Path> stateFile;
    private final Map<InetSocketAddress, Boolean> verifying;
    private final Map<NodeId, Integer> announcing = new ConcurrentHashMap<>();
    private final AtomicLong queriesIn = new AtomicLong(), answered = new AtomicLong(), rateLimited = new AtomicLong(),
            malformed = new AtomicLong(), ignored = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean maintaining = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile RoutingTable table;
    private volatile ScheduledFuture<?> upkeep;
    private volatile Instant nextAnnounce;

    private DhtNode(DhtConfig config, DhtTransport transport, Clock clock, Optional<DhtState> saved, List<InetSocketAddress> bootstrap,
            Optional<Path> stateFile) {
        this.config = config;
        this.transport = transport;
        this.clock = clock;
        SecureRandom sr = new SecureRandom();
        this.random = new Random(sr.nextLong());
        this.rpc = new Rpc(transport, config.maxPending(), random.nextInt(1 << 16));
        this.tokens = new Tokens(clock, sr);
        this.store = new PeerStore(clock, config.maxHashes(), config.maxPeersPerHash(), config.maxPeers());
        this.limiter = new RateLimiter(clock, config.queriesPerSecond(), config.queriesPerSecond() * 2, config.maxSources());
        this.responder = new Responder(config, tokens, store, random);
        this.searches = new Searches(this, config);
        this.bootstrap = List.copyOf(bootstrap);
        this.stateFile = stateFile;
        this.verifying = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Boolean> e) {
                return size() > MAX_VERIFYING;
            }
        });
        NodeId id = saved.map(DhtState::id).orElseGet(() -> NodeId.random(random));
        this.table = new RoutingTable(id, clock, config.restrictIps(), config.enforceNodeIds());
    }

    /**
     * Starts a node on the transport. Saved nodes (from {@code state}) are pinged at once, in the background;
     * the {@code bootstrap} addresses are used by {@link #bootstrap(Duration)}, by lookups while the table holds
     * fewer than 8 nodes, and by upkeep while it is empty.
     */
    public static DhtNode start(DhtConfig config, DhtTransport transport, Clock clock, Optional<DhtState> state,
            List<InetSocketAddress> bootstrap, Optional<Path> stateFile) {
        DhtNode n = new DhtNode(config, transport, clock, state, bootstrap, stateFile);
        transport.start(n::received);
        long every = config.maintenance().toMillis();
        n.upkeep = TIMER.scheduleWithFixedDelay(() -> {
            // A slow round (lookups wait for timeouts) must not overlap the next.
            if (n.maintaining.compareAndSet(false, true)) Thread.ofVirtual().start(n::maintain);
        }, every, every, TimeUnit.MILLISECONDS);
        state.ifPresent(s -> {
            for (Contact c : s.nodes()) n.query(c, tid -> new Ping(tid, n.id(), false));
        });
        return n;
    }

    /** A node on UDP at {@code bind}, its state read from and saved to {@code stateFile} if given. */
    public static DhtNode open(InetSocketAddress bind, DhtConfig config, List<InetSocketAddress> bootstrap, Optional<Path> stateFile)
            throws IOException {
        Optional<DhtState> saved = stateFile.isPresent() ? DhtState.read(stateFile.get()) : Optional.empty();
        return start(config, UdpTransport.bind(bind), Clock.systemUTC(), saved, bootstrap, stateFile);
    }

    public NodeId id() {
        return table.self();
    }

    public InetSocketAddress address() {
        return transport.localAddress();
    }

    RoutingTable table() {
        return table;
    }

    public int tableSize() {
        return table.size();
    }

    public Stats stats() {
        return new Stats(queriesIn.get(), answered.get(), rateLimited.get(), malformed.get(), ignored.get(), table.size(), store.size(),
                rpc.inFlight());
    }

    /** Joins through the bootstrap addresses (and saved nodes) if the table is small; waits at most {@code deadline}. */
    public void bootstrap(Duration deadline) {
        searches.bootstrap(bootstrap, Searches.deadlineIn(deadline));
    }

    /** Peers for the info-hash from a get_peers lookup that ends when it converges or at the deadline. */
    public List<InetSocketAddress> getPeers(InfoHash hash, Duration deadline) {
        return lookup(hash, deadline).peers();
    }

    /**
     * Peers for the info-hash as soon as one node gives some: the get_peers lookup stops there (libtorrent, too, uses
     * peers as they come). For a first peer soon (a magnet's metadata); an announce needs the full {@link #lookup}.
     */
    public List<InetSocketAddress> firstPeers(InfoHash hash, Duration deadline) {
        return searches.firstPeers(NodeId.of(hash), bootstrap, Searches.deadlineIn(deadline));
    }

    /**
     * A get_peers lookup to its end or the deadline. While the table is small it starts from the bootstrap nodes'
     * answers to the get_peers itself, without waiting for a join (which {@link #bootstrap} does, in the background).
     */
    public LookupResult lookup(InfoHash hash, Duration deadline) {
        Lookup l = searches.getPeers(NodeId.of(hash), bootstrap, Searches.deadlineIn(deadline));
        return new LookupResult(l.peers(), l.closestAnswered(RoutingTable.K), l.hops(), l.queries(), 0);
    }

    /** Announces that we serve {@code hash} on TCP {@code port}, to the closest nodes; also returns the peers seen. */
    public LookupResult announce(InfoHash hash, int port, Duration deadline) {
        return searches.announce(NodeId.of(hash), port, port == 0, bootstrap, Searches.deadlineIn(deadline));
    }

    /**
     * Keeps announcing {@code hash} every 15 to 30 minutes (the first at once) until the returned handle is
     * closed or the node is. Port 0 announces with implied_port (the UDP port).
     */
    public AutoCloseable keepAnnouncing(InfoHash hash, int port) {
        NodeId key = NodeId.of(hash);
        announcing.put(key, port);
        if (nextAnnounce == null) nextAnnounce = clock.instant().plus(reannounceInterval());
        Thread.ofVirtual().start(() -> announce(hash, port, Duration.ofSeconds(30)));
        return () -> announcing.remove(key);
    }

    /** Sends a query to a node we know by ID; a timeout counts against it in the table. */
    CompletableFuture<Response> query(Contact to, Function<byte[], Query> make) {
        CompletableFuture<Response> f = rpc.query(to.address(), make, config.queryTimeout());
        f.whenComplete((r, e) -> {
            if (e instanceof TimeoutException) table.failed(to.id(), to.address());
        });
        return f;
    }

    /** A query to an address whose node ID we do not know yet (bootstrap). */
    CompletableFuture<Response> query(InetSocketAddress to, Function<byte[], Query> make) {
        return rpc.query(to, make, config.queryTimeout());
    }

    private void received(InetSocketAddress from, byte[] datagram) {
        KrpcMessage m;
        try {
            m = KrpcCodec.decode(datagram);
        } catch (KrpcException e) {
            malformed.incrementAndGet();
            if (e.query() && e.tid().isPresent() && limiter.allow(from.getAddress()))
                transport.send(from, KrpcCodec.encode(new KrpcError(e.tid().get(), e.code(), e.getMessage())));
            return;
        }
        switch (m) {
            case Query q -> answer(q, from, datagram.length);
            case Response r -> {
                boolean ours = rpc.deliver(from, r, () -> {
                    table.responded(new Contact(r.sender(), from));
                    r.yourAddress().ifPresent(ip -> learnAddress(ip.getAddress(), from.getAddress()));
                });
                if (!ours) ignored.incrementAndGet();
            }
            case KrpcError e -> {
                if (!rpc.deliver(from, e, () -> { })) ignored.incrementAndGet();
            }
        }
    }

    private void answer(Query q, InetSocketAddress from, int size) {
        queriesIn.incrementAndGet();
        if (!limiter.allow(from.getAddress())) {
            rateLimited.incrementAndGet();
            return;
        }
        RoutingTable t = table;
        if (!q.readOnly() && !q.sender().equals(t.self())) {
            Contact c = new Contact(q.sender(), from);
            t.queried(c);
            // A query can come from a forged address: the node enters the table only once it answers us.
            if (t.status(q.sender()).isEmpty() && verifying.putIfAbsent(from, Boolean.TRUE) == null
                    && rpc.inFlight() < config.maxPending() / 2) {
                query(c, tid -> new Ping(tid, t.self(), false));
            }
        }
        KrpcMessage reply = responder.answer(q, from, size, t.self(), t);
        answered.incrementAndGet();
        transport.send(from, KrpcCodec.encode(reply));
    }

    /** BEP 42: once enough responders agree on our external address, our ID must be one that address may have. */
    private void learnAddress(InetAddress ours, InetAddress voter) {
        if (Bep42.exempt(ours)) return;
        Optional<InetAddress> agreed = votes.vote(ours, voter);
        if (agreed.isEmpty() || Bep42.matches(table.self(), agreed.get())) return;
        synchronized (this) {
            if (!Bep42.matches(table.self(), agreed.get())) table = table.rebuiltAround(Bep42.idFor(agreed.get(), random));
        }
    }

    private void maintain() {
        try {
            store.expire();
            RoutingTable t = table;
            for (Contact c : t.toPing(RoutingTable.K, PING_EVERY)) query(c, tid -> new Ping(tid, t.self(), false));
            long end = Searches.deadlineIn(Duration.ofSeconds(30));
            if (t.size() == 0 && !bootstrap.isEmpty()) searches.bootstrap(bootstrap, end);
            for (NodeId target : t.bucketsToRefresh(REFRESH_QUIET, random)) searches.findNode(target, end);
            Instant now = clock.instant();
            if (!announcing.isEmpty() && (nextAnnounce == null || !now.isBefore(nextAnnounce))) {
                nextAnnounce = now.plus(reannounceInterval());
                if (!announcing.isEmpty()) {
                    for (var e : Map.copyOf(announcing).entrySet())
                        searches.announce(e.getKey(), e.getValue(), e.getValue() == 0, Searches.deadlineIn(Duration.ofSeconds(30)));
                }
            }
            save();
        } catch (RuntimeException e) {
            // Upkeep retries at the next tick; one failure must not end it.
        } finally {
            maintaining.set(false);
        }
    }

    /** BEP 5 leaves it open; 15 to 30 minutes, random so announces of many nodes do not line up. */
    private Duration reannounceInterval() {
        return Duration.ofMinutes(15 + random.nextInt(16));
    }

    /** Writes the table to the state file, if there is one. */
    public void save() {
        if (stateFile.isEmpty() || table.size() == 0) return;
        try {
            new DhtState(table.self(), table.contacts()).write(stateFile.get());
        } catch (IOException e) {
            // The next tick tries again; an old file still lets a restart rejoin.
        }
    }

    /** Stops the node and saves its table. */
    @Override
    public void close() {
        ScheduledFuture<?> u = upkeep;
        if (u != null) u.cancel(false);
        save();
        announcing.clear();
        transport.close();
    }
}
