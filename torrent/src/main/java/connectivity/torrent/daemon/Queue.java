package connectivity.torrent.daemon;

import java.util.function.Supplier;

/**
 * The queue: starts what should run and queues what must wait, in id order (Transmission's queue order), at most
 * {@link Settings#queueSize()} downloads at once; a done torrent (metadata and every wanted piece verified) seeds
 * without counting. It only starts and stops (neither waits), so it is quick to run from the RPC and the heartbeat.
 */
final class Queue {
    private final Torrents torrents;
    private final TorrentRunner runner;
    private final Supplier<Settings> settings;
    private boolean closed;

    Queue(Torrents torrents, TorrentRunner runner, Supplier<Settings> settings) {
        this.torrents = torrents;
        this.runner = runner;
        this.settings = settings;
    }

    /** Done: every wanted piece verified (a torrent that has all it wants seeds without counting). */
    static boolean complete(TorrentSession t) {
        return t.isDone();
    }

    synchronized void reconcile() {
        if (closed) return;
        int active = 0;
        for (TorrentSession t : torrents.all()) {
            if ((t.swarm().isPresent() || t.starter() != null) && !complete(t)) active++;
        }
        for (TorrentSession t : torrents.all()) {
            if (t.pauseAfterVerify && t.swarm().isPresent()) {
                t.pauseAfterVerify = false;
                t.wanted(false);
                runner.stop(t, TorrentState.STOPPED);
                continue;
            }
            if (!t.wanted() || t.busy() || t.state() == TorrentState.ERROR) continue;
            if (complete(t) || active < settings.get().queueSize()) {
                if (!complete(t)) active++;
                runner.start(t);
            } else if (t.state() != TorrentState.QUEUED) {
                t.state(TorrentState.QUEUED);
            }
        }
    }

    /** Starts nothing more (the daemon is closing). */
    synchronized void close() {
        closed = true;
    }
}
