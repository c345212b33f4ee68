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
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops one torrent: a magnet link's metadata first, then the check (only what {@link ResumeCheck}
 * cannot vouch for), then its swarm on the daemon's shared peer port. A start runs on a virtual thread of its own;
 * a stop interrupts it and closes the swarm, and a start that ends after a stop closes what it made.
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

        /** Something changed: save, rerun the queue. */
        void changed();
    }

    private final Context ctx;

    TorrentRunner(Context ctx) {
        this.ctx = ctx;
    }

    /** Starts {@code t} unless it is starting or running already. */
    void start(TorrentSession t) {
        synchronized (t) {
            if (t.swarm().isPresent() || t.starter() != null) return;
            long gen = t.nextGeneration();
            t.state(t.meta().isPresent() ? TorrentState.CHECKING : TorrentState.METADATA);
            t.starter(Thread.ofVirtual().name("torrent-start " + t.id).start(() -> run(t, gen)));
        }
    }

    /** Stops {@code t}: its start (if still going) is interrupted, its swarm closed; returns once the files are closed. */
    void stop(TorrentSession t, TorrentState after) {
        Thread starter;
        Swarm s;
        synchronized (t) {
            t.nextGeneration();
            starter = t.starter();
            s = t.takeSwarm();
            t.state(after);
        }
        if (starter != null) starter.interrupt();
        if (s != null) {
            s.close();
            t.stampsAfterStop();
        }
    }

    private void run(TorrentSession t, long gen) {
        try {
            if (t.meta().isEmpty()) fetchMetadata(t);
            t.state(TorrentState.CHECKING);
            Metainfo m = t.meta().orElseThrow();
            InfoLayout layout = InfoLayout.of(m.info());
            Swarm swarm = Swarm.forDownload(layout, m.infoHash().bytes(), t.downloadDir(), ctx.swarmConfig(t), peerSource(m),
                    events(t), verification(t, layout));
            boolean fresh;
            synchronized (t) {
                fresh = t.running(gen, swarm);
                if (fresh) {
                    swarm.startShared(ctx.peerPort());
                    t.state(swarm.isComplete() ? TorrentState.SEEDING : TorrentState.DOWNLOADING);
                    if (swarm.isComplete()) t.done(System.currentTimeMillis());
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

    private void fetchMetadata(TorrentSession t) throws MagnetException, InterruptedException, IOException {
        MagnetLink link = t.magnet().orElseThrow();
        Optional<PeerSource> trackers = link.trackers().isEmpty() ? Optional.empty()
                : Optional.of(new TrackerPeerSource(link.trackers().stream().map(List::of).toList(), link.infoHash()));
        if (trackers.isEmpty() && link.peers().isEmpty()) throw new MagnetException("the magnet link names no tracker and no peer");
        byte[] info = MetadataFetch.fetch(link.infoHash(), t.hintedPeers(), trackers, ctx.metadataSettings(), MetadataFetch.Progress.NONE);
        byte[] torrent = MetadataFiles.torrentBytes(info, link.trackers());
        Metainfo m;
        try {
            m = Metainfo.parse(torrent);
        } catch (MetainfoException e) {
            throw new MagnetException("the peers' metadata is not a usable torrent: " + e.getMessage());
        }
        AtomicFiles.write(ctx.torrentsDir().resolve(t.infoHash.hex() + ".torrent"), torrent, AtomicFiles.Access.SHARED);
        t.meta(m);
        ctx.changed();
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
                have = store.verifyAll(threads, p -> {});
                hashed = layout.pieceCount();
                t.fullCheck(false);
            } else if (saved == null || t.savedFiles().size() != layout.files().size()) {
                have = store.verifyFound(threads, p -> {}); // a first start: whatever data is there already
                hashed = -1;
            } else {
                ResumeCheck.Plan plan = ResumeCheck.plan(layout, saved, t.savedFiles(), t.savedAtMillis(), before, ctx.resumeSlackMillis());
                have = plan.trusted();
                for (int p = plan.recheck().nextSetBit(0); p >= 0; p = plan.recheck().nextSetBit(p + 1)) {
                    if (store.verify(p)) have.set(p);
                }
                hashed = plan.recheck().cardinality();
            }
            t.piecesHashedAtStart(hashed);
            return have;
        };
    }

    private PeerSource peerSource(Metainfo m) {
        if (m.trackers().isEmpty()) return PeerSource.fixed(List.of(), Duration.ofMinutes(30));
        return new TrackerPeerSource(m.trackerTiers(), m.infoHash());
    }

    private SwarmEvents events(TorrentSession t) {
        return new SwarmEvents() {
            @Override
            public void completed() {
                synchronized (t) {
                    if (t.swarm().isPresent()) t.state(TorrentState.SEEDING);
                    t.done(System.currentTimeMillis());
                }
                ctx.changed();
            }
        };
    }
}
