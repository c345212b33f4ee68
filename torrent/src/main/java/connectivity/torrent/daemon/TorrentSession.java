package connectivity.torrent.daemon;

import connectivity.torrent.magnet.MagnetLink;
import connectivity.torrent.magnet.PeerHint;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.storage.PieceStore;
import connectivity.torrent.storage.TorrentLayout;
import connectivity.torrent.swarm.FileChoices;
import connectivity.torrent.swarm.Swarm;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * One torrent of the daemon: what it is (a .torrent, or a magnet link until its metadata comes), where its data
 * goes, whether the user wants it running, its state, and while it runs its {@link Swarm}. Starting and stopping
 * are {@link TorrentRunner}'s; this class keeps the facts, guarded by its own monitor.
 */
public final class TorrentSession {
    public final int id;
    public final InfoHash infoHash;
    private final MagnetLink magnet;
    private final long addedMillis;
    private Metainfo meta;
    private Path downloadDir;
    private boolean wanted;
    private TorrentState state = TorrentState.STOPPED;
    private String error = "";
    private long doneMillis;
    private long downloadLimit, uploadLimit;
    private Swarm swarm;
    /** Which files to fetch, how urgently; null: every file at normal priority (and always before the metadata). */
    private FileChoices files;
    /** What the saved state (or the last stop) says is verified, and the files' stamps then; used by the next start. */
    private BitSet savedPieces;
    private List<FileStamp> savedFiles = List.of();
    private long savedAtMillis;
    private boolean fullCheck;
    private long downloadedBefore, uploadedBefore;
    private int piecesHashedAtStart = -1;
    /** The files' stamps and our pieces at the last look for changes behind our back (see {@link #changedFiles}). */
    private List<FileStamp> lastStamps = List.of();
    private BitSet lastHave = new BitSet();
    /** Bumped on every start and stop, so a start that finishes after a stop knows it is stale. */
    private long generation;
    private Thread starter;
    /** Closing the swarm taken by the last stop, off the caller's thread (see {@link TorrentRunner#stop}). */
    private Thread stopper;
    private Activity activity = Activity.NONE;
    private long startedMillis;
    /** The running check's progress, counted by the hashing threads. */
    final CheckProgress check = new CheckProgress();
    /** Started only to verify ({@code torrent-verify} of a stopped torrent): stopped again once checked. */
    volatile boolean pauseAfterVerify;

    TorrentSession(int id, InfoHash infoHash, Metainfo meta, MagnetLink magnet, Path downloadDir, long addedMillis) {
        this.id = id;
        this.infoHash = infoHash;
        this.meta = meta;
        this.magnet = magnet;
        this.downloadDir = downloadDir;
        this.addedMillis = addedMillis;
    }

    static TorrentSession restored(SavedTorrent s, Metainfo meta, MagnetLink magnet) {
        TorrentSession t = new TorrentSession(s.id(), InfoHash.fromHex(s.infoHash()), meta, magnet, Path.of(s.downloadDir()), s.addedMillis());
        t.wanted = !s.paused();
        t.doneMillis = s.doneMillis();
        t.downloadLimit = s.downloadLimit();
        t.uploadLimit = s.uploadLimit();
        t.downloadedBefore = s.downloadedEver();
        t.uploadedBefore = s.uploadedEver();
        t.savedPieces = s.pieces();
        t.savedFiles = s.files();
        t.activity = s.activity();
        if (meta != null && s.choices() != null && s.choices().size() == meta.info().files().size()) t.files = s.choices();
        return t;
    }

    /** The saved record: pieces and stamps from the running swarm (stamps first: see {@link ResumeCheck}). */
    synchronized SavedTorrent saved() {
        List<FileStamp> files = savedFiles;
        BitSet pieces = savedPieces == null ? new BitSet() : savedPieces;
        if (swarm != null && meta != null) {
            files = stampsNow();
            pieces = swarm.have();
        }
        return new SavedTorrent(id, infoHash.hex(), magnet == null ? null : magnet.toUri(), name(), downloadDir.toString(), !wanted,
                addedMillis, doneMillis, downloadLimit, uploadLimit, downloadedEver(), uploadedEver(), pieces, files, activity,
                this.files == null || this.files.isDefault() ? null : this.files);
    }

    /** The data files' stamps now (a missing file as size -1). */
    synchronized List<FileStamp> stampsNow() {
        List<FileStamp> out = new ArrayList<>();
        for (Optional<FileStamp> f : currentStamps()) out.add(f.orElse(new FileStamp(-1, -1)));
        return out;
    }

    synchronized List<Optional<FileStamp>> currentStamps() {
        List<Optional<FileStamp>> out = new ArrayList<>();
        if (meta == null) return out;
        for (TorrentLayout.FileSpan f : InfoLayout.of(meta.info()).files()) {
            try {
                out.add(FileStamp.of(PieceStore.resolve(downloadDir, f)));
            } catch (java.io.IOException e) {
                out.add(Optional.empty());
            }
        }
        return out;
    }

    // ---- the facts, each read and written under the monitor ----

    public synchronized String name() {
        if (meta != null) return meta.info().name();
        return magnet != null ? magnet.displayName().orElse(infoHash.hex()) : infoHash.hex();
    }

    public synchronized Optional<Metainfo> meta() {
        return Optional.ofNullable(meta);
    }

    synchronized void meta(Metainfo m) {
        meta = m;
    }

    public Optional<MagnetLink> magnet() {
        return Optional.ofNullable(magnet);
    }

    /** The peers a magnet link names ({@code x.pe}): dialled by its swarm too. */
    List<InetSocketAddress> hintedPeers() {
        if (magnet == null) return List.of();
        return magnet.peers().stream().map(PeerHint::toString).map(PeerPort::address).flatMap(Optional::stream).toList();
    }

    public synchronized Path downloadDir() {
        return downloadDir;
    }

    synchronized void downloadDir(Path p) {
        downloadDir = p;
    }

    public synchronized boolean wanted() {
        return wanted;
    }

    synchronized void wanted(boolean w) {
        wanted = w;
    }

    public synchronized TorrentState state() {
        return state;
    }

    synchronized void state(TorrentState s) {
        state = s;
        if (s != TorrentState.ERROR) error = "";
    }

    public synchronized String error() {
        return error;
    }

    synchronized void failed(String why) {
        state = TorrentState.ERROR;
        error = why;
    }

    public long addedMillis() {
        return addedMillis;
    }

    public synchronized long doneMillis() {
        return doneMillis;
    }

    synchronized void done(long millis) {
        if (doneMillis == 0) doneMillis = millis;
    }

    public synchronized long downloadLimit() {
        return downloadLimit;
    }

    public synchronized long uploadLimit() {
        return uploadLimit;
    }

    /** Sets the torrent's own limits, live: a running swarm's throttles change at once (no restart, no peer lost). */
    synchronized void limits(long down, long up) {
        downloadLimit = Math.max(0, down);
        uploadLimit = Math.max(0, up);
        if (swarm != null) ownLimits(swarm);
    }

    private void ownLimits(Swarm s) {
        s.downloadThrottle().rate(downloadLimit);
        s.uploadThrottle().rate(uploadLimit);
    }

    /** Which files are wanted and at what priority (every file, normal, when nothing was chosen); empty before the metadata. */
    public synchronized FileChoices files() {
        if (meta == null) return FileChoices.all(0);
        int n = meta.info().files().size();
        return files != null && files.size() == n ? files : FileChoices.all(n);
    }

    /**
     * New choices (sized for the torrent's files), applied at once to a running swarm: one whose wanted files are
     * all verified now seeds (done), one that wants a missing file again downloads.
     */
    synchronized void files(FileChoices c) {
        if (c.size() != files().size()) throw new IllegalArgumentException(c.size() + " choices for " + files().size() + " files");
        files = c;
        if (swarm == null) return;
        boolean done = swarm.files(c);
        if (state == TorrentState.SEEDING || state == TorrentState.DOWNLOADING) state(done ? TorrentState.SEEDING : TorrentState.DOWNLOADING);
        if (done) done(System.currentTimeMillis());
    }

    /** Every wanted piece is verified (Transmission's "done": a torrent with unwanted files seeds what it has); false before the metadata. */
    public synchronized boolean isDone() {
        if (meta == null) return false;
        return swarm != null ? swarm.isDone() : files().doneWith(InfoLayout.of(meta.info()), have());
    }

    public synchronized Optional<Swarm> swarm() {
        return Optional.ofNullable(swarm);
    }

    synchronized long generation() {
        return generation;
    }

    synchronized long nextGeneration() {
        return ++generation;
    }

    /** Sets the running swarm if {@code gen} is still current; false when a stop came in between. */
    synchronized boolean running(long gen, Swarm s) {
        if (gen != generation) return false;
        ownLimits(s);
        swarm = s;
        return true;
    }

    /** Takes the running swarm away (the caller closes it), remembering what it had verified. */
    synchronized Swarm takeSwarm() {
        Swarm s = swarm;
        swarm = null;
        if (s != null) {
            savedPieces = s.have();
            downloadedBefore += s.status().downloaded();
            uploadedBefore += s.status().uploaded();
        }
        return s;
    }

    /** After the closed swarm's last write: the stamps a clean restart compares against. */
    synchronized void stampsAfterStop() {
        if (meta != null) {
            savedFiles = stampsNow();
            savedAtMillis = System.currentTimeMillis();
        }
    }

    /**
     * Files that changed since the last look although every piece in them was verified then and now (we never
     * write to such a file, so someone else did). Empty when the torrent does not run.
     */
    synchronized List<Integer> changedFiles() {
        if (swarm == null || meta == null) return List.of();
        InfoLayout layout = InfoLayout.of(meta.info());
        List<FileStamp> now = stampsNow();
        BitSet have = swarm.have();
        List<Integer> changed = new ArrayList<>();
        for (int k = 0; k < now.size() && k < lastStamps.size(); k++) {
            TorrentLayout.FileSpan f = layout.files().get(k);
            boolean wasComplete = ResumeCheck.complete(layout, f, lastHave), isComplete = ResumeCheck.complete(layout, f, have);
            if (f.length() > 0 && wasComplete && isComplete && !now.get(k).equals(lastStamps.get(k))) changed.add(k);
        }
        lastStamps = now;
        lastHave = have;
        return changed;
    }

    /** After a stop: these files' saved stamps can vouch for nothing, so the next start hashes their pieces. */
    synchronized void distrust(List<Integer> files) {
        List<FileStamp> s = new ArrayList<>(savedFiles);
        for (int k : files) if (k < s.size()) s.set(k, new FileStamp(-1, -1));
        savedFiles = s;
        lastStamps = List.of();
    }

    synchronized Thread starter() {
        return starter;
    }

    synchronized void starter(Thread t) {
        starter = t;
    }

    synchronized Thread stopper() {
        return stopper;
    }

    synchronized void stopper(Thread t) {
        stopper = t;
    }

    /** Starting, running or still stopping: not to be started (again) now. */
    synchronized boolean busy() {
        return swarm != null || starter != null || stopper != null;
    }

    public synchronized Activity activity() {
        return activity;
    }

    /** The heartbeat: {@code millis} more in the current state; whether bytes moved. */
    synchronized void spent(long millis, boolean active, long now) {
        activity = activity.spent(state, millis, active, now);
    }

    /** When the torrent last started (0: not since the daemon started). */
    public synchronized long startedMillis() {
        return startedMillis;
    }

    synchronized void startedMillis(long t) {
        startedMillis = t;
    }

    /** How far the running check is, 0 to 1 (Transmission's {@code recheckProgress}). */
    public double checkProgress() {
        return check.fraction();
    }

    /** A piece of {@code bytes} failed its hash check. */
    synchronized void corrupt(long bytes) {
        activity = activity.corrupt(bytes);
    }

    synchronized BitSet savedPieces() {
        return savedPieces == null ? null : (BitSet) savedPieces.clone();
    }

    synchronized List<FileStamp> savedFiles() {
        return savedFiles;
    }

    synchronized long savedAtMillis() {
        return savedAtMillis;
    }

    synchronized void savedAtMillis(long t) {
        savedAtMillis = t;
    }

    /** The next start hashes every piece ({@code torrent-verify}). */
    synchronized void fullCheck(boolean b) {
        fullCheck = b;
    }

    synchronized boolean fullCheck() {
        return fullCheck;
    }

    /** How many pieces the last start hashed (-1 before any): what the resume tests look at. */
    public synchronized int piecesHashedAtStart() {
        return piecesHashedAtStart;
    }

    synchronized void piecesHashedAtStart(int n) {
        piecesHashedAtStart = n;
    }

    public synchronized long downloadedEver() {
        return downloadedBefore + (swarm == null ? 0 : swarm.status().downloaded());
    }

    public synchronized long uploadedEver() {
        return uploadedBefore + (swarm == null ? 0 : swarm.status().uploaded());
    }

    /** Verified pieces now: the swarm's while it runs, else the saved ones. */
    public synchronized BitSet have() {
        if (swarm != null) return swarm.have();
        return savedPieces == null ? new BitSet() : (BitSet) savedPieces.clone();
    }
}
