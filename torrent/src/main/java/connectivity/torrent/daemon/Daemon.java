package connectivity.torrent.daemon;

import connectivity.net.support.AtomicFiles;
import connectivity.torrent.magnet.MagnetException;
import connectivity.torrent.magnet.MagnetLink;
import connectivity.torrent.magnet.MetadataFetch;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.MetainfoException;
import connectivity.torrent.swarm.FileChoices;
import connectivity.torrent.swarm.SwarmConfig;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many torrents in one process on one peer port (TCP for peers, UDP for the DHT). This is the facade the RPC, the
 * web UI and the watch folder drive: adding, starting, stopping, removing, verifying, moving, limits and settings.
 * The parts: {@link Torrents} (the registry), {@link Queue}, {@link TorrentRunner} (starts and stops, never waited
 * for), {@link GlobalLimits}, {@link DaemonDht}, {@link Heartbeat} (rates, the queue, saving) and {@link PeerPort}.
 * Every change is saved (atomically) within a heartbeat.
 */
public final class Daemon implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    /** How long a close waits for the swarms to close (their last announces, their files). */
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    /** What an add did: the torrent, and whether it was there already (Transmission's "torrent-duplicate"). */
    public record Added(TorrentSession torrent, boolean duplicate) {}

    private final DaemonConfig config;
    private final Torrents torrents;
    private final TorrentRunner runner;
    private final Queue queue;
    private final GlobalLimits limits;
    private final RateHistory rates = new RateHistory();
    private final Heartbeat heartbeat;
    private final Path torrentsDir;
    private final long startedMillis = System.currentTimeMillis();
    private final SessionTotals totals;
    private volatile Settings settings;
    private volatile boolean dirty, closed;
    private PeerPort peers;
    private DaemonDht dht;
    private WatchDirectory watch;

    private Daemon(DaemonConfig config, DaemonState state, RunnerHooks hooks) {
        this.config = config;
        this.settings = state.settings();
        this.torrents = new Torrents(state.nextId());
        this.torrentsDir = config.configDir().resolve("torrents");
        this.limits = GlobalLimits.of(settings);
        this.totals = new SessionTotals(state.totals(), startedMillis);
        this.runner = new TorrentRunner(new TorrentRunner.Context() {
            public int peerPort() {
                return peers.port();
            }

            public SwarmConfig swarmConfig(TorrentSession t) {
                return config.swarm(); // limits: the torrent's own on its swarm's throttles, under the global ones
            }

            public Path torrentsDir() {
                return torrentsDir;
            }

            public long resumeSlackMillis() {
                return config.resumeSlack().toMillis();
            }

            public MetadataFetch.Settings metadataSettings() {
                return config.metadata().withPort(peers.port());
            }

            public GlobalLimits limits() {
                return limits;
            }

            public DaemonDht dht() {
                return dht;
            }

            public void changed() {
                Daemon.this.changed();
            }

            public void stopped(TorrentSession t) {
                reconcile();
            }
        }, hooks);
        this.queue = new Queue(torrents, runner, () -> settings);
        this.heartbeat = new Heartbeat(this, config.heartbeat().toMillis());
    }

    /** Loads the saved state, opens the peer port (and the DHT on it) and starts every torrent that was running. */
    public static Daemon start(DaemonConfig config) throws IOException {
        return start(config, RunnerHooks.NONE);
    }

    static Daemon start(DaemonConfig config, RunnerHooks hooks) throws IOException {
        Files.createDirectories(config.configDir().resolve("torrents"));
        Files.createDirectories(config.downloadDir());
        DaemonState state = DaemonState.load(config.configDir());
        Daemon d = new Daemon(config, state, hooks);
        for (SavedTorrent s : state.torrents()) d.restore(s, state.savedAtMillis());
        d.peers = PeerPort.start(config.peerBind(), config.peerPort(), config.maxPeerConnections(), d.torrents::swarmFor);
        d.dht = new DaemonDht(config.peerBind(), d.peers.port(), config.dhtBootstrap(), config.configDir());
        d.dht.enabled(d.settings.dht());
        if (config.watchDir().isPresent()) d.watch = new WatchDirectory(config.watchDir().get(), d);
        d.heartbeat.start();
        d.reconcile();
        return d;
    }

    private void restore(SavedTorrent s, long savedAt) {
        Metainfo meta = null;
        MagnetLink magnet = null;
        try {
            Path file = torrentFile(s.infoHash());
            if (Files.exists(file)) meta = Metainfo.read(file);
            if (s.magnet() != null) magnet = MagnetLink.parse(s.magnet());
        } catch (IOException | MetainfoException | MagnetException e) {
            log.warn("torrent {} ({}): cannot read what was saved: {}", s.id(), s.name(), e.getMessage());
        }
        if (meta == null && magnet == null) return;
        TorrentSession t = TorrentSession.restored(s, meta, magnet);
        t.savedAtMillis(savedAt);
        torrents.register(t);
        totals.restored(t);
    }

    private Path torrentFile(String hex) {
        return torrentsDir.resolve(hex + ".torrent");
    }

    // ---- adding ----

    /** Adds a .torrent (its bytes); the data goes to {@code dir} or the download folder. */
    public Added add(byte[] torrent, Optional<Path> dir, Optional<Boolean> paused) throws MetainfoException, IOException {
        return add(torrent, dir, paused, UnaryOperator.identity());
    }

    /**
     * As above, with the files to fetch: {@code files} changes the default choice (every file, normal priority)
     * before the torrent first starts; a duplicate keeps its own choices.
     */
    public Added add(byte[] torrent, Optional<Path> dir, Optional<Boolean> paused, UnaryOperator<FileChoices> files)
            throws MetainfoException, IOException {
        Metainfo m = Metainfo.parse(torrent);
        FileChoices chosen = files.apply(FileChoices.all(m.info().files().size()));
        Added a = torrents.addIfAbsent(m.infoHash(), id -> {
            AtomicFiles.write(torrentFile(m.infoHash().hex()), torrent, AtomicFiles.Access.SHARED);
            TorrentSession t = new TorrentSession(id, m.infoHash(), m, null, dir.orElse(config.downloadDir()), System.currentTimeMillis());
            t.files(chosen);
            return fresh(id, t, paused);
        });
        changed();
        return a;
    }

    /** Adds a magnet link: its metadata is fetched from peers when it starts. */
    public Added addMagnet(String uri, Optional<Path> dir, Optional<Boolean> paused) throws MagnetException {
        MagnetLink link = MagnetLink.parse(uri);
        Added a;
        try {
            a = torrents.addIfAbsent(link.infoHash(), id -> fresh(id,
                    new TorrentSession(id, link.infoHash(), null, link, dir.orElse(config.downloadDir()), System.currentTimeMillis()), paused));
        } catch (IOException e) {
            throw new IllegalStateException(e); // a magnet's add writes nothing
        }
        changed();
        return a;
    }

    private TorrentSession fresh(int id, TorrentSession t, Optional<Boolean> paused) {
        t.wanted(!paused.orElse(!settings.startAdded()));
        totals.added();
        return t;
    }

    // ---- what the RPC and the web UI read ----

    public List<TorrentSession> torrents() {
        return torrents.all();
    }

    public Optional<TorrentSession> byId(int id) {
        return torrents.byId(id);
    }

    public Optional<TorrentSession> byHash(String hex) {
        return torrents.byHash(hex);
    }

    public int peerPort() {
        return peers.port();
    }

    /** The UDP port of the DHT node, when it runs (the peer port unless that was taken). */
    public Optional<Integer> dhtPort() {
        return dht.node().map(n -> n.address().getPort());
    }

    /** Nodes in the DHT routing table (0 when off). */
    public int dhtNodes() {
        return dht.node().map(n -> n.tableSize()).orElse(0);
    }

    public Settings settings() {
        return settings;
    }

    public DaemonConfig config() {
        return config;
    }

    public RateHistory rates() {
        return rates;
    }

    public long startedMillis() {
        return startedMillis;
    }

    /** This run's totals (Transmission's {@code current-stats}). */
    public SessionTotals.Totals currentTotals() {
        totals.tick(torrents.all()); // up to the bytes moved this moment, not the last heartbeat's
        return totals.current(System.currentTimeMillis());
    }

    /** Every run's totals, this one included ({@code cumulative-stats}; saved). */
    public SessionTotals.Totals cumulativeTotals() {
        totals.tick(torrents.all());
        return totals.cumulative(System.currentTimeMillis());
    }

    SessionTotals totals() {
        return totals;
    }

    /** How many looks for changed files there have been (tests wait for one). */
    public long changeChecks() {
        return heartbeat.changeChecks();
    }

    // ---- changing: none of these waits for a swarm to close ----

    public void start(TorrentSession t) {
        t.wanted(true);
        if (t.state() == TorrentState.ERROR) t.state(TorrentState.STOPPED);
        changed();
        reconcile();
    }

    public void stop(TorrentSession t) {
        t.wanted(false);
        runner.stop(t, TorrentState.STOPPED);
        changed();
        reconcile();
    }

    /**
     * Removes the torrent; with {@code deleteData} its files too (only the torrent's own files and the folders left
     * empty), once its swarm has closed them. The .torrent goes then too, so a metadata fetch that was still running
     * cannot leave one behind.
     */
    public void remove(TorrentSession t, boolean deleteData) {
        totals.tick(torrents.all()); // what it moved until now stays in the session's totals
        torrents.remove(t);
        runner.stop(t, TorrentState.STOPPED, () -> {
            if (torrents.hasHash(t.infoHash)) return; // added again meanwhile: those files are the new one's
            try {
                Files.deleteIfExists(torrentFile(t.infoHash.hex()));
                if (deleteData && t.meta().isPresent()) DataFiles.delete(t.downloadDir(), t.meta().get());
            } catch (IOException e) {
                log.warn("torrent {} ({}): removed, but its files could not all be deleted: {}", t.id, t.name(), e.getMessage());
            }
        });
        changed();
        reconcile();
    }

    /** Hashes every piece again at the next start (now, if it runs). */
    public void verify(TorrentSession t) {
        t.fullCheck(true);
        if (t.busy()) runner.stop(t, TorrentState.STOPPED);
        if (!t.wanted()) {
            t.wanted(true); // Transmission verifies stopped torrents too; ours runs to verify and then stays as it was
            t.pauseAfterVerify = true;
        }
        changed();
        reconcile();
    }

    /** Moves (or, with {@code move} false, only points) the torrent's data to {@code dir}; a running one restarts there. */
    public void move(TorrentSession t, Path dir, boolean move) throws IOException {
        if (!t.busy()) {
            if (move && t.meta().isPresent()) DataFiles.move(t.downloadDir(), dir, t.meta().get());
            t.downloadDir(dir);
        } else {
            runner.stop(t, TorrentState.STOPPED, () -> {
                try {
                    if (move && t.meta().isPresent()) DataFiles.move(t.downloadDir(), dir, t.meta().get());
                    t.downloadDir(dir);
                } catch (IOException e) {
                    t.failed("move to " + dir + ": " + e.getMessage());
                }
            });
        }
        changed();
        reconcile();
    }

    /** Which files to fetch and how urgently, applied live (see {@link TorrentSession#files(FileChoices)}) and saved. */
    public void files(TorrentSession t, FileChoices c) {
        t.files(c);
        changed();
        reconcile();
    }

    /** Per-torrent limits (0: none), applied to a running swarm at once: no restart, its peers stay. */
    public void limits(TorrentSession t, long down, long up) {
        t.limits(down, up);
        changed();
    }

    /** New settings, applied live: limits to the shared buckets, the DHT on or off, the queue at once. */
    public void settings(Settings s) {
        settings = s;
        limits.apply(s);
        dht.enabled(s.dht());
        changed();
        reconcile();
    }

    /** Data changed behind our back: restart {@code t}, its next start hashing those files' pieces again. */
    void restartDistrusting(TorrentSession t, List<Integer> files) {
        runner.stop(t, TorrentState.STOPPED, () -> t.distrust(files)); // after the close: it records the stamps
        changed();
    }

    // ---- the queue, the heartbeat, saving ----

    void changed() {
        dirty = true;
    }

    boolean dirty() {
        return dirty;
    }

    void reconcile() {
        queue.reconcile();
    }

    void scanWatchDir() {
        if (watch != null) watch.scan();
    }

    /** Writes the state now (atomically); a failure is logged and retried at the next heartbeat. */
    public synchronized void save() {
        dirty = false;
        List<SavedTorrent> saved = torrents.all().stream().map(TorrentSession::saved).toList();
        try {
            long now = System.currentTimeMillis();
            new DaemonState(now, torrents.nextId(), settings, saved, cumulativeTotals()).save(config.configDir());
        } catch (IOException e) {
            dirty = true;
            log.warn("cannot save the daemon's state in {}: {}", config.configDir(), e.getMessage());
        }
    }

    /** Closes every swarm (torrents keep their wanted state for the next start), the DHT node, and saves. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        queue.close();
        heartbeat.stop();
        List<TorrentSession> all = torrents();
        for (TorrentSession t : all) runner.stop(t, t.state() == TorrentState.STOPPING ? TorrentState.STOPPED : t.state());
        long end = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
        try {
            for (TorrentSession t : all) TorrentRunner.awaitStopped(t, Math.max(1, end - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (peers != null) peers.close();
        if (dht != null) dht.close();
        save();
    }
}
