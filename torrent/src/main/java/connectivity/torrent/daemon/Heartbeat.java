package connectivity.torrent.daemon;

import connectivity.torrent.swarm.Swarm;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's heartbeat: the rate graph's next point, each torrent's time downloading or seeding, the watch folder,
 * a look for data changed behind our back every {@link #CHANGE_CHECK_TICKS} beats, the queue, and the saved state
 * (whenever something changed, and every beat while a torrent downloads: what lets a restart after {@code kill -9}
 * trust its files, see {@link ResumeCheck}).
 */
final class Heartbeat {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    /** Heartbeats between looks at the running torrents' complete files (see {@link #recheckChanged}). */
    static final int CHANGE_CHECK_TICKS = 5;

    private final Daemon daemon;
    private final long beatMillis;
    private long ticks, changeChecks, lastMillis = System.currentTimeMillis();
    private Thread thread;

    Heartbeat(Daemon daemon, long beatMillis) {
        this.daemon = daemon;
        this.beatMillis = beatMillis;
    }

    void start() {
        thread = Thread.ofVirtual().name("daemon-tick").start(this::loop);
    }

    void stop() {
        if (thread != null) thread.interrupt();
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(beatMillis);
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
        long now = System.currentTimeMillis(), elapsed = now - lastMillis;
        lastMillis = now;
        double down = 0, up = 0;
        boolean downloading = false;
        for (TorrentSession t : daemon.torrents()) {
            Optional<Swarm> s = t.swarm();
            double d = s.map(x -> x.status().downloadRate()).orElse(0.0), u = s.map(x -> x.status().uploadRate()).orElse(0.0);
            t.spent(elapsed, d >= 1 || u >= 1, now);
            if (s.isEmpty()) continue;
            down += d;
            up += u;
            downloading |= !s.get().isDone();
        }
        daemon.rates().add(Math.round(down), Math.round(up));
        daemon.totals().tick(daemon.torrents());
        daemon.scanWatchDir();
        if (++ticks % CHANGE_CHECK_TICKS == 0) recheckChanged();
        daemon.reconcile();
        if (daemon.dirty() || downloading) daemon.save();
    }

    /** How many looks for changed files there have been (tests wait for one). */
    synchronized long changeChecks() {
        return changeChecks;
    }

    /** Data changed behind our back while running: the torrent restarts, hashing those files' pieces again. */
    private void recheckChanged() {
        synchronized (this) {
            changeChecks++;
        }
        for (TorrentSession t : daemon.torrents()) {
            List<Integer> changed = t.changedFiles();
            if (changed.isEmpty()) continue;
            log.warn("torrent {} ({}): {} file(s) changed on disk behind our back; checking their pieces again", t.id, t.name(), changed.size());
            daemon.restartDistrusting(t, changed);
        }
    }
}
