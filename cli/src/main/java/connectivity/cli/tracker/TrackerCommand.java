package connectivity.cli.tracker;

import connectivity.cli.CliFailure;
import connectivity.cli.ServerOptions;
import connectivity.cli.Serving;
import connectivity.http.server.HttpServer;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.tracker.AllowList;
import connectivity.torrent.tracker.InMemorySwarmStore;
import connectivity.torrent.tracker.SwarmStore;
import connectivity.torrent.tracker.SwarmStoreUnavailableException;
import connectivity.torrent.tracker.Tracker;
import connectivity.torrent.tracker.TrackerConfig;
import connectivity.torrent.tracker.TrackerLimits;
import connectivity.torrent.tracker.TrackerServer;
import connectivity.torrent.tracker.redis.RedisAddress;
import connectivity.torrent.tracker.redis.RedisSwarmStore;
import connectivity.torrent.tracker.udp.ConnectionIds;
import connectivity.torrent.tracker.udp.UdpTracker;
import connectivity.torrent.tracker.udp.UdpTrackerServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conn tracker}: a BitTorrent tracker over HTTP and UDP until interrupted. */
@Command(
        name = "tracker",
        mixinStandardHelpOptions = true,
        description = {
            "Run a BitTorrent tracker over HTTP: /announce (BEP 3, compact peers BEP 23, IPv6 peers6 BEP 7) and /scrape (BEP 48),",
            "and over UDP (BEP 15: connect, announce, scrape) on the same port number.",
            "Prints its announce URLs, then runs until interrupted (Ctrl-C / SIGTERM)."
        })
public final class TrackerCommand implements Runnable {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions options = new ServerOptions(6969, "127.0.0.1");

    @Option(names = "--interval", paramLabel = "S", defaultValue = "1800",
            description = "Seconds between a client's announces; peers silent for two intervals are dropped (default: ${DEFAULT-VALUE}).")
    long intervalSeconds;

    @Option(names = "--allow", paramLabel = "FILE",
            description = "Serve only the info-hashes listed in FILE (40 hex digits a line; '#' starts a comment).")
    Path allowFile;

    @Option(names = "--max-swarms", paramLabel = "N", defaultValue = "" + TrackerLimits.DEFAULT_MAX_SWARMS,
            description = "Most swarms (info-hashes) held at once; announces for more get \"tracker is full\" (default: ${DEFAULT-VALUE}).")
    int maxSwarms;

    @Option(names = "--max-peers-per-swarm", paramLabel = "N", defaultValue = "" + TrackerLimits.DEFAULT_MAX_PEERS_PER_SWARM,
            description = "Most peers (address and port) in one swarm (default: ${DEFAULT-VALUE}).")
    int maxPeersPerSwarm;

    @Option(names = "--max-peers", paramLabel = "N", defaultValue = "" + TrackerLimits.DEFAULT_MAX_PEERS,
            description = "Most peers in all swarms together, which bounds memory (default: ${DEFAULT-VALUE}).")
    int maxPeers;

    @Option(names = "--store", paramLabel = "URI",
            description = {"Where the swarms live: memory (default: this process only), redis://HOST:PORT[/DB] or",
                "redis-cluster://HOST:PORT[,HOST:PORT...], shared by every tracker started with the same URI, so several",
                "instances serve one set of swarms with the limits held across them."})
    String store;

    @Option(names = "--store-password-file", paramLabel = "FILE",
            description = "The Redis password (AUTH), the file's first line; kept out of the URI so it shows in no process list.")
    Path storePasswordFile;

    @Override
    public void run() {
        TrackerConfig config = config();
        SwarmStore swarms = store();
        Tracker tracker = new Tracker(swarms, config, Clock.systemUTC());

        Servers servers;
        try {
            servers = bind(tracker);
        } catch (RuntimeException e) {
            closeStore(swarms);
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("tracker announce URL: " + servers.http().announceUrl()
                + (config.allowList().isPresent() ? " (" + config.allowList().get().size() + " info-hashes allowed)" : ""));
        out.println("tracker UDP announce URL: " + servers.udp().announceUrl());
        out.flush();
        Serving.untilSignalled("tracker", () -> {
            servers.udp().close();
            servers.http().shutdown(SHUTDOWN_GRACE);
            closeStore(swarms);
        });
    }

    /** The store {@code --store} names, checked to answer now so a wrong address or password is one clear line. */
    SwarmStore store() {
        if (store == null || store.equals("memory")) {
            if (storePasswordFile != null) throw new CliFailure(CliFailure.BAD_INPUT, "--store-password-file needs --store redis://...");
            return new InMemorySwarmStore();
        }
        boolean cluster = store.startsWith("redis-cluster://");
        List<RedisAddress> nodes;
        try {
            nodes = cluster ? RedisAddress.parseCluster(store) : List.of(RedisAddress.parse(store));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, "--store: " + e.getMessage()
                    + " (expected memory, redis://HOST:PORT[/DB] or redis-cluster://HOST:PORT[,HOST:PORT...])");
        }
        String where = cluster ? store : nodes.get(0).toString();
        RedisSwarmStore redis = null;
        try {
            redis = cluster ? RedisSwarmStore.connectCluster(nodes, password()) : RedisSwarmStore.connect(nodes.get(0), password());
            redis.ping();
        } catch (SwarmStoreUnavailableException e) {
            if (redis != null) redis.close();
            throw new CliFailure(CliFailure.FAILED, "cannot use swarm store " + where + ": " + e.getCause().getMessage());
        }
        return redis;
    }

    private Optional<String> password() {
        if (storePasswordFile == null) return Optional.empty();
        try {
            String text = Files.readString(storePasswordFile);
            String first = text.lines().findFirst().orElse("");
            if (first.isEmpty()) throw new CliFailure(CliFailure.BAD_INPUT, storePasswordFile + ": empty password");
            return Optional.of(first);
        } catch (NoSuchFileException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, storePasswordFile + ": no such file");
        } catch (IOException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, storePasswordFile + ": cannot read: " + e.getMessage());
        }
    }

    private static void closeStore(SwarmStore swarms) {
        if (swarms instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // closing on the way out; nothing left to tell the user
            }
        }
    }

    private record Servers(TrackerServer http, UdpTrackerServer udp) {}

    /**
     * HTTP on TCP and BEP 15 on UDP, on the same port number as trackers do. With {@code --port 0} the number TCP got
     * may be taken on UDP: then both are tried again on another.
     */
    private Servers bind(Tracker tracker) {
        UdpTracker udp = new UdpTracker(tracker, ConnectionIds.random(Clock.systemUTC()));
        for (int attempt = 1; ; attempt++) {
            TrackerServer http;
            try {
                http = TrackerServer.start(tracker, options.bind(), options.port(), HttpServer.builder().maxConnections(options.maxConnections()));
            } catch (IOException e) {
                throw options.cannotListen(e);
            }
            try {
                return new Servers(http, UdpTrackerServer.start(udp, options.bind(), http.port(), udpConcurrency(tracker)));
            } catch (IOException e) {
                http.close();
                if (options.port() != 0 || attempt == 5) throw options.cannotListen(e);
            }
        }
    }

    /** One datagram at a time on a store in memory; side by side, as many as the Redis pool has connections, on Redis. */
    private static int udpConcurrency(Tracker tracker) {
        return tracker.store() instanceof RedisSwarmStore ? RedisSwarmStore.POOL_SIZE : 1;
    }

    /** The tracker's settings from the options; a bad value is the user's error. */
    TrackerConfig config() {
        if (intervalSeconds < 1 || intervalSeconds > 86_400) throw new CliFailure(CliFailure.BAD_INPUT, "--interval must be between 1 and 86400 seconds");
        positive("--max-swarms", maxSwarms);
        positive("--max-peers-per-swarm", maxPeersPerSwarm);
        positive("--max-peers", maxPeers);
        TrackerConfig config = TrackerConfig.withInterval(Duration.ofSeconds(intervalSeconds))
                .withLimits(new TrackerLimits(maxSwarms, maxPeersPerSwarm, maxPeers));
        if (allowFile != null) config = config.withAllowList(readAllowList(allowFile));
        return config;
    }

    private static void positive(String option, int value) {
        if (value < 1) throw new CliFailure(CliFailure.BAD_INPUT, option + " must be at least 1, got " + value);
    }

    private static Set<InfoHash> readAllowList(Path file) {
        try {
            return AllowList.read(file);
        } catch (NoSuchFileException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, file + ": no such file");
        } catch (IOException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, file + ": cannot read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, file + ": " + e.getMessage());
        }
    }
}
