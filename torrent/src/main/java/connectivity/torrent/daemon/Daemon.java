package connectivity.torrent.daemon;

import connectivity.net.support.AtomicFiles;
import connectivity.torrent.magnet.MagnetException;
import connectivity.torrent.magnet.MagnetLink;
import connectivity.torrent.magnet.MetadataFetch;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.MetainfoException;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many torrents in one process on one peer port: the registry of {@link TorrentSession}s, the queue (at most
 * {@link Settings#queueSize()} downloading at once), the global rate limits, and the saved state. Every change is
 * saved (atomically) within a heartbeat, and while a torrent downloads the state is saved every heartbeat anyway,
 * which is what lets a restart after {@code kill -9} trust its files (see {@link ResumeCheck}).
 */
public final class Daemon implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    /** What an add did: the torrent, and whether it was there already (Transmission's "torrent-duplicate"). */
    public record Added(TorrentSession torrent, boolean duplicate) {}

    private final DaemonConfig config;
    private final Map<Integer, TorrentSession> byId = new LinkedHashMap<>();
    private final Map<InfoHash, TorrentSession> byHash = new LinkedHashMap<>();
    private final TorrentRunner runner;
    private final RateHistory rates = new RateHistory();
    private final Path torrentsDir;
    private final long startedMillis = System.currentTimeMillis();
    private volatile Settings settings;
    private int nextId;
    private volatile boolean dirty, closed;
    /** Heartbeats between looks at the running torrents' complete files (see {@link #recheckChanged}). */
    static final int CHANGE_CHECK_TICKS = 5;
    private long ticks, changeChecks;
    private PeerPort peers;
    private Thread ticker;
    private WatchDirectory watch;

    private Daemon(DaemonConfig config, DaemonState state) {
        this.config = config;
        this.settings = state.settings();
        this.nextId = state.nextId();
        this.torrentsDir = config.configDir().resolve("torrents");
        this.runner = new TorrentRunner(new TorrentRunner.Context() {
            public int peerPort() {
                return peers.port();
            }

            public SwarmConfig swarmConfig(TorrentSession t) {
                return configFor(t);
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

            public void changed() {
                Daemon.this.changed();
            }
        });
    }

    /** Loads the saved state, opens the peer port and starts every torrent that was running (through the queue). */
    public static Daemon start(DaemonConfig config) throws IOException {
        Files.createDirectories(config.configDir().resolve("torrents"));
        Files.createDirectories(config.downloadDir());
        DaemonState state = DaemonState.load(config.configDir());
        Daemon d = new Daemon(config, state);
        for (SavedTorrent s : state.torrents()) d.restore(s, state.savedAtMillis());
        d.peers = PeerPort.start(config.peerBind(), config.peerPort(), config.maxPeerConnections(), d::swarmFor);
        if (config.watchDir().isPresent()) d.watch = new WatchDirectory(config.watchDir().get(), d);
        d.ticker = Thread.ofVirtual().name("daemon-tick").start(d::tickLoop);
        d.reconcile();
        return d;
    }

    private void restore(SavedTorrent s, long savedAt) {
        Metainfo meta = null;
        MagnetLink magnet = null;
        try {
            Path file = torrentsDir.resolve(s.infoHash() + ".torrent");
            if (Files.exists(file)) meta = Metainfo.read(file);
            if (s.magnet() != null) magnet = MagnetLink.parse(s.magnet());
        } catch (IOException | MetainfoException | MagnetException e) {
            log.warn("torrent {} ({}): cannot read what was saved: {}", s.id(), s.name(), e.getMessage());
        }
        if (meta == null && magnet == null) return;
        TorrentSession t = TorrentSession.restored(s, meta, magnet);
        t.savedAtMillis(savedAt);
        register(t);
    }

    private synchronized void register(TorrentSession t) {
        byId.put(t.id, t);
        byHash.put(t.infoHash, t);
        nextId = Math.max(nextId, t.id + 1);
    }

    private synchronized Optional<Swarm> swarmFor(InfoHash h) {
        TorrentSession t = byHash.get(h);
        return t == null ? Optional.empty() : t.swarm();
    }

    // ---- adding ----

    /** Adds a .torrent (its bytes); the data goes to {@code dir} or the download folder. */
    public Added add(byte[] torrent, Optional<Path> dir, Optional<Boolean> paused) throws MetainfoException, IOException {
        Metainfo m = Metainfo.parse(torrent);
        TorrentSession t;
        synchronized (this) {
            TorrentSession there = byHash.get(m.infoHash());
            if (there != null) return new Added(there, true);
            AtomicFiles.write(torrentsDir.resolve(m.infoHash().hex() + ".torrent"), torrent, AtomicFiles.Access.SHARED);
            t = new TorrentSession(nextId++, m.infoHash(), m, null, dir.orElse(config.downloadDir()), System.currentTimeMillis());
            t.wanted(!paused.orElse(!settings.startAdded()));
            register(t);
        }
        changed();
        return new Added(t, false);
    }

    /** Adds a magnet link: its metadata is fetched from peers when it starts. */
    public Added addMagnet(String uri, Optional<Path> dir, Optional<Boolean> paused) throws MagnetException {
        MagnetLink link = MagnetLink.parse(uri);
        TorrentSession t;
        synchronized (this) {
            TorrentSession there = byHash.get(link.infoHash());
            if (there != null) return new Added(there, true);
            t = new TorrentSession(nextId++, link.infoHash(), null, link, dir.orElse(config.downloadDir()), System.currentTimeMillis());
            t.wanted(!paused.orElse(!settings.startAdded()));
            register(t);
        }
        changed();
        return new Added(t, false);
    }

    // ---- what the RPC and the web UI read ----

    public synchronized List<TorrentSession> torrents() {
        return List.copyOf(byId.values());
    }

    public synchronized Optional<TorrentSession> byId(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    public synchronized Optional<TorrentSession> byHash(String hex) {
        try {
            return Optional.ofNullable(byHash.get(InfoHash.fromHex(hex.toLowerCase(java.util.Locale.ROOT))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public int peerPort() {
        return peers.port();
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

    // ---- changing ----

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

    /** Removes the torrent; with {@code deleteData} its files too (only the torrent's own files and the folders left empty). */
    public void remove(TorrentSession t, boolean deleteData) throws IOException {
        synchronized (this) {
            byId.remove(t.id);
            byHash.remove(t.infoHash);
        }
        runner.stop(t, TorrentState.STOPPED);
        Files.deleteIfExists(torrentsDir.resolve(t.infoHash.hex() + ".torrent"));
        if (deleteData && t.meta().isPresent()) DataFiles.delete(t.downloadDir(), t.meta().get());
        changed();
        reconcile();
    }

    /** Hashes every piece again at the next start (now, if it runs). */
    public void verify(TorrentSession t) {
        t.fullCheck(true);
        if (t.swarm().isPresent() || t.starter() != null) runner.stop(t, TorrentState.STOPPED);
        if (!t.wanted()) {
            t.wanted(true); // Transmission verifies stopped torrents too; ours runs to verify and then stays as it was
            t.pauseAfterVerify = true;
        }
        changed();
        reconcile();
    }

    /** Moves (or, with {@code move} false, only points) the torrent's data to {@code dir}. */
    public void move(TorrentSession t, Path dir, boolean move) throws IOException {
        boolean was = t.swarm().isPresent() || t.starter() != null;
        if (was) runner.stop(t, TorrentState.STOPPED);
        if (move && t.meta().isPresent()) DataFiles.move(t.downloadDir(), dir, t.meta().get());
        t.downloadDir(dir);
        changed();
        reconcile();
    }

    /** Per-torrent limits (0: none); a running swarm is restarted with them (its pieces are kept, nothing is hashed). */
    public void limits(TorrentSession t, long down, long up) {
        t.limits(down, up);
        restartRunning(List.of(t));
    }

    public void settings(Settings s) {
        Settings old = settings;
        settings = s;
        changed();
        if (old.downloadLimit() != s.downloadLimit() || old.uploadLimit() != s.uploadLimit()) restartRunning(torrents());
        reconcile();
    }

    private void restartRunning(List<TorrentSession> ts) {
        for (TorrentSession t : ts) {
            if (t.swarm().isPresent()) runner.stop(t, TorrentState.STOPPED);
        }
        changed();
        reconcile();
    }

    /** The swarm settings of one torrent: the base, the global limits shared by the running torrents, its own. */
    private SwarmConfig configFor(TorrentSession t) {
        Settings s = settings;
        long running = Math.max(1, torrents().stream().filter(x -> x.wanted() && x.state() != TorrentState.QUEUED).count());
        return config.swarm().toBuilder()
                .downloadLimit(RateLimits.combine(s.downloadLimit(), running, t.downloadLimit()))
                .uploadLimit(RateLimits.combine(s.uploadLimit(), running, t.uploadLimit()))
                .build();
    }

    // ---- the queue and the heartbeat ----

    void changed() {
        dirty = true;
    }

    /** Starts what should run, queues what must wait, in id order (Transmission's queue order). */
    synchronized void reconcile() {
        if (closed) return;
        int active = 0;
        for (TorrentSession t : byId.values()) {
            if ((t.swarm().isPresent() || t.starter() != null) && !Queue.complete(t)) active++;
        }
        for (TorrentSession t : byId.values()) {
            if (t.pauseAfterVerify && t.swarm().isPresent()) {
                t.pauseAfterVerify = false;
                t.wanted(false);
                runner.stop(t, TorrentState.STOPPED);
                continue;
            }
            boolean running = t.swarm().isPresent() || t.starter() != null;
            if (!t.wanted() || running || t.state() == TorrentState.ERROR) continue;
            if (Queue.complete(t) || active < settings.queueSize()) {
                if (!Queue.complete(t)) active++;
                runner.start(t);
            } else if (t.state() != TorrentState.QUEUED) {
                t.state(TorrentState.QUEUED);
            }
        }
    }

    private void tickLoop() {
        long beat = config.heartbeat().toMillis();
        while (!closed) {
            try {
                Thread.sleep(beat);
            } catch (InterruptedException e) {
                return;
            }
            try {
                tick();
            } catch (RuntimeException e) {
                log.warn("daemon tick failed", e);
            }
        }
    }

    private void tick() {
        double down = 0, up = 0;
        boolean downloading = false;
        for (TorrentSession t : torrents()) {
            Optional<Swarm> s = t.swarm();
            if (s.isEmpty()) continue;
            down += s.get().status().downloadRate();
            up += s.get().status().uploadRate();
            downloading |= !s.get().isComplete();
        }
        rates.add(Math.round(down), Math.round(up));
        if (watch != null) watch.scan();
        if (++ticks % CHANGE_CHECK_TICKS == 0) recheckChanged();
        reconcile();
        if (dirty || downloading) save();
    }

    /** How many looks for changed files there have been (tests wait for one). */
    public synchronized long changeChecks() {
        return changeChecks;
    }

    /** Data changed behind our back while running: the torrent restarts, hashing those files' pieces again. */
    private void recheckChanged() {
        synchronized (this) {
            changeChecks++;
        }
        for (TorrentSession t : torrents()) {
            List<Integer> changed = t.changedFiles();
            if (changed.isEmpty()) continue;
            log.warn("torrent {} ({}): {} file(s) changed on disk behind our back; checking their pieces again", t.id, t.name(), changed.size());
            runner.stop(t, TorrentState.STOPPED);
            t.distrust(changed);
            changed();
        }
    }

    /** Writes the state now (atomically); a failure is logged and retried at the next heartbeat. */
    public synchronized void save() {
        dirty = false;
        List<SavedTorrent> saved = byId.values().stream().map(TorrentSession::saved).toList();
        try {
            new DaemonState(System.currentTimeMillis(), nextId, settings, saved).save(config.configDir());
        } catch (IOException e) {
            dirty = true;
            log.warn("cannot save the daemon's state in {}: {}", config.configDir(), e.getMessage());
        }
    }

    /** Closes every swarm (torrents keep their wanted state for the next start) and saves. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        if (ticker != null) ticker.interrupt();
        List<TorrentSession> all = torrents();
        List<Thread> stops = new ArrayList<>();
        for (TorrentSession t : all) stops.add(Thread.ofVirtual().start(() -> runner.stop(t, t.state())));
        for (Thread th : stops) {
            try {
                th.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (peers != null) peers.close();
        save();
    }
}
