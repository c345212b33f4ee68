package connectivity.torrent.daemon;

import connectivity.net.support.AtomicFiles;
import connectivity.torrent.magnet.MagnetException;
import connectivity.torrent.magnet.MagnetLink;
import connectivity.torrent.magnet.MetadataFetch;
import connectivity.torrent.magnet.MetadataFiles;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.MetainfoException;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.storage.UnsafeTargetException;
import connectivity.torrent.swarm.PeerSource;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import connectivity.torrent.swarm.SwarmEvents;
import connectivity.torrent.swarm.TrackerPeerSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops one torrent: a magnet link's metadata first, then the check (only what {@link ResumeCheck}
 * cannot vouch for), then its swarm on the daemon's shared peer port, its limits under the global ones, its peers
 * from its trackers and the daemon's DHT. A start runs on a virtual thread of its own; so does a stop, which the
 * caller never waits for (a swarm's close may wait seconds for its last announce and its disk): the torrent is
 * {@link TorrentState#STOPPING} until it is closed. A start that ends after a stop closes what it made.
 */
final class TorrentRunner {
    private static final Logger log = LoggerFactory.getLogger(TorrentRunner.class);

    /** What a start needs of the daemon. */
    interface Context {
        int peerPort();

        SwarmConfig swarmConfig(TorrentSession t);

        Path torrentsDir();

        /** How far past the saved heartbeat a file still being written may have been touched (see {@link ResumeCheck}). */
        long resumeSlackMillis();

        MetadataFetch.Settings metadataSettings();

        /** The global limits every swarm's throttles hang under. */
        GlobalLimits limits();

        DaemonDht dht();

        /** Something changed: save. */
        void changed();

        /** A stop has finished (its files are closed): rerun the queue. */
        void stopped(TorrentSession t);
    }

    private final Context ctx;
    private final RunnerHooks hooks;

    TorrentRunner(Context ctx, RunnerHooks hooks) {
        this.ctx = ctx;
        this.hooks = hooks;
    }

    /** Starts {@code t} unless it is starting or running already. */
    void start(TorrentSession t) {
        synchronized (t) {
            if (t.busy()) return;
            long gen = t.nextGeneration();
            t.startedMillis(System.currentTimeMillis());
            t.state(t.meta().isPresent() ? TorrentState.CHECKING : TorrentState.METADATA);
            t.starter(Thread.ofVirtual().name("torrent-start " + t.id).start(() -> run(t, gen)));
        }
    }

    /** Stops {@code t} without waiting (see {@link #stop(TorrentSession, TorrentState, Runnable)}). */
    void stop(TorrentSession t, TorrentState after) {
        stop(t, after, () -> {});
    }

    /**
     * Stops {@code t} and returns at once: its start (if still going) is interrupted, and a thread of its own waits
     * for that start to end and for an earlier stop, closes the swarm, and then runs {@code closed} (its files are
     * closed by then: a remove's delete or a move's files go there). Until then the torrent is {@code STOPPING},
     * then {@code after}.
     */
    void stop(TorrentSession t, TorrentState after, Runnable closed) {
        Thread starter, before;
        Swarm s;
        synchronized (t) {
            t.nextGeneration();
            starter = t.starter();
            before = t.stopper();
            s = t.takeSwarm();
            if (starter == null && before == null && s == null) {
                t.state(after);
                closed.run();
                return;
            }
            t.state(TorrentState.STOPPING);
            t.stopper(Thread.ofVirtual().name("torrent-stop " + t.id).unstarted(() -> closeThen(t, starter, before, s, after, closed)));
            t.stopper().start();
        }
        if (starter != null) starter.interrupt();
    }

    private void closeThen(TorrentSession t, Thread starter, Thread before, Swarm s, TorrentState after, Runnable closed) {
        try {
            // The start closes what it made once it sees the stop; an earlier stop closes its own swarm.
            if (starter != null) starter.join();
            if (before != null) before.join();
            if (s != null) {
                hooks.closing(t, s);
                s.close();
                t.stampsAfterStop();
            }
            closed.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (s != null) s.close(); // the daemon is closing: close at once, skip what came after
        } catch (RuntimeException e) {
            log.warn("torrent {}: stopping failed", t.id, e);
        } finally {
            synchronized (t) {
                if (t.stopper() == Thread.currentThread()) {
                    t.stopper(null);
                    if (t.state() == TorrentState.STOPPING) t.state(after);
                }
            }
            ctx.changed();
            ctx.stopped(t);
        }
    }

    /** Waits up to {@code millis} for {@code t}'s stop to finish; false if it has not. */
    static boolean awaitStopped(TorrentSession t, long millis) throws InterruptedException {
        Thread s = t.stopper();
        if (s != null) s.join(millis);
        return t.stopper() == null;
    }

    private void run(TorrentSession t, long gen) {
        try {
            if (t.meta().isEmpty() && !fetchMetadata(t, gen)) return;
            t.state(TorrentState.CHECKING);
            Metainfo m = t.meta().orElseThrow();
            InfoLayout layout = InfoLayout.of(m.info());
            Swarm swarm = Swarm.forDownload(layout, m.infoHash().bytes(), t.downloadDir(), ctx.swarmConfig(t), peerSource(m),
                    events(t), verification(t, layout));
            swarm.downloadThrottle().under(ctx.limits().down());
            swarm.uploadThrottle().under(ctx.limits().up());
            boolean fresh;
            synchronized (t) {
                fresh = t.running(gen, swarm);
                if (fresh) {
                    swarm.files(t.files()); // under t's monitor, where choices change, and before any peer
                    swarm.startShared(ctx.peerPort());
                    t.state(swarm.isDone() ? TorrentState.SEEDING : TorrentState.DOWNLOADING);
                    if (swarm.isDone()) t.done(System.currentTimeMillis());
                }
            }
            if (!fresh) {
                swarm.close();
                return;
            }
            swarm.connect(t.hintedPeers());
        } catch (InterruptedException e) {
            return; // stopped while fetching metadata
        } catch (UnsafeTargetException e) {
            if (t.generation() == gen) t.failed(e.getMessage() + " (move it away or choose another download folder)");
        } catch (MagnetException e) {
            if (t.generation() == gen) t.failed("metadata: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (t.generation() == gen && !Thread.currentThread().isInterrupted()) {
                log.debug("torrent {} failed to start", t.id, e);
                t.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        } finally {
            synchronized (t) {
                if (t.starter() == Thread.currentThread()) t.starter(null);
            }
            ctx.changed();
        }
    }

    /** Fetches a magnet's info dictionary and writes its .torrent, unless the torrent was stopped or removed meanwhile (false). */
    private boolean fetchMetadata(TorrentSession t, long gen) throws MagnetException, InterruptedException, IOException {
        MagnetLink link = t.magnet().orElseThrow();
        List<PeerSource> sources = new ArrayList<>();
        if (!link.trackers().isEmpty()) sources.add(new TrackerPeerSource(link.trackers().stream().map(List::of).toList(), link.infoHash()));
        if (ctx.dht().node().isPresent()) sources.add(ctx.dht().lookupOnly(link.infoHash()));
        if (sources.isEmpty() && link.peers().isEmpty()) {
            throw new MagnetException("the magnet link names no tracker and no peer, and the DHT is off");
        }
        Optional<PeerSource> from = sources.isEmpty() ? Optional.empty() : Optional.of(PeerSource.allOf(sources));
        byte[] info = MetadataFetch.fetch(link.infoHash(), t.hintedPeers(), from, ctx.metadataSettings(), MetadataFetch.Progress.NONE);
        byte[] torrent = MetadataFiles.torrentBytes(info, link.trackers());
        Metainfo m;
        try {
            m = Metainfo.parse(torrent);
        } catch (MetainfoException e) {
            throw new MagnetException("the peers' metadata is not a usable torrent: " + e.getMessage());
        }
        hooks.metadataFetched(t);
        synchronized (t) {
            // Under the torrent's monitor, where a stop (and so a remove) bumps the generation: a remove either
            // came first and nothing is written, or comes after and deletes what was written.
            if (t.generation() != gen) return false;
            AtomicFiles.write(ctx.torrentsDir().resolve(t.infoHash.hex() + ".torrent"), torrent, AtomicFiles.Access.SHARED);
            t.meta(m);
        }
        ctx.changed();
        return true;
    }

    /** Hashes only what it must: everything on a first start or a verify, else what {@link ResumeCheck} cannot vouch for. */
    private Swarm.Verification verification(TorrentSession t, InfoLayout layout) {
        BitSet saved = t.savedPieces();
        boolean full = t.fullCheck();
        List<java.util.Optional<FileStamp>> before = t.currentStamps(); // before the store resizes anything
        return store -> {
            int threads = Runtime.getRuntime().availableProcessors();
            BitSet have;
            int hashed;
            if (full) {
                t.check.begin(layout.pieceCount());
                have = store.verifyAll(threads, p -> t.check.one());
                hashed = layout.pieceCount();
                t.fullCheck(false);
            } else if (saved == null || t.savedFiles().size() != layout.files().size()) {
                t.check.begin(layout.pieceCount());
                have = store.verifyFound(threads, p -> t.check.one()); // a first start: whatever data is there already
                hashed = -1;
            } else {
                ResumeCheck.Plan plan = ResumeCheck.plan(layout, saved, t.savedFiles(), t.savedAtMillis(), before, ctx.resumeSlackMillis());
                have = plan.trusted();
                t.check.begin(plan.recheck().cardinality());
                for (int p = plan.recheck().nextSetBit(0); p >= 0; p = plan.recheck().nextSetBit(p + 1)) {
                    if (store.verify(p)) have.set(p);
                    t.check.one();
                }
                hashed = plan.recheck().cardinality();
            }
            t.piecesHashedAtStart(hashed);
            return have;
        };
    }

    /** Its trackers and the daemon's DHT (unless private), asked together as {@code conn torrent get} does. */
    private PeerSource peerSource(Metainfo m) {
        List<PeerSource> sources = new ArrayList<>();
        if (!m.trackers().isEmpty()) sources.add(new TrackerPeerSource(m.trackerTiers(), m.infoHash()));
        ctx.dht().source(m.infoHash(), m.info().isPrivate()).ifPresent(sources::add);
        if (sources.isEmpty()) return PeerSource.fixed(List.of(), Duration.ofMinutes(30));
        return PeerSource.allOf(sources);
    }

    private SwarmEvents events(TorrentSession t) {
        return new SwarmEvents() {
            @Override
            public void done() {
                synchronized (t) {
                    // Still done now? A file wanted again since the last piece came makes it a download again.
                    if (t.swarm().isEmpty() || !t.swarm().get().isDone()) return;
                    t.state(TorrentState.SEEDING);
                    t.done(System.currentTimeMillis());
                }
                ctx.changed();
            }

            @Override
            public void completed() {
                done();
            }

            @Override
            public void pieceFailed(int piece, String fromPeers) {
                t.meta().ifPresent(m -> t.corrupt(InfoLayout.of(m.info()).pieceSize(piece)));
            }
        };
    }
}
