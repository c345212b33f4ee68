package connectivity.torrent.magnet;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.peer.MetadataMessage;
import connectivity.torrent.peer.PeerId;
import connectivity.torrent.swarm.OpenPeer;
import connectivity.torrent.swarm.PeerSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The metadata phase of a magnet link (BEP 9): finds peers (given ones, redialled with backoff while not connected,
 * and the trackers'), fetches the info dictionary from as many as have it, and returns it once it hashes to the
 * info-hash. Bounded: a size cap, at most so many peers, so many rejects per peer, and a deadline for the whole.
 */
public final class MetadataFetch {
    /**
     * @param maxSize the largest info dictionary taken ({@code --max-metadata-size})
     * @param timeout the whole phase fails after this long without the metadata ({@code --metadata-timeout})
     * @param maxPeers most connections at once
     * @param maxRejects rejects one peer may send before it is dropped
     * @param port the port the download will listen on, told to trackers (nothing listens during this phase)
     */
    public record Settings(long maxSize, Duration timeout, int maxPeers, int maxRejects, int port) {
        public static final long DEFAULT_MAX_SIZE = 8L * 1024 * 1024;

        public static Settings defaults() {
            return new Settings(DEFAULT_MAX_SIZE, Duration.ofMinutes(2), 20, 64, 6881);
        }

        public Settings withMaxSize(long n) {
            return new Settings(n, timeout, maxPeers, maxRejects, port);
        }

        public Settings withTimeout(Duration d) {
            return new Settings(maxSize, d, maxPeers, maxRejects, port);
        }

        public Settings withPort(int p) {
            return new Settings(maxSize, timeout, maxPeers, maxRejects, p);
        }
    }

    /**
     * The metadata, and the connections that had joined when it was complete, for the download to go on with
     * ({@link connectivity.torrent.swarm.Swarm#adopt}) rather than dial those peers again; the caller closes what it
     * does not use.
     */
    public record Fetched(byte[] info, List<OpenPeer> peers) {}

    /** Where the phase stands, for a status line. */
    public record Status(int peers, int piecesHere, int pieceCount, long size) {}

    /** What the phase reports as it goes; called from its threads. */
    public interface Progress {
        Progress NONE = new Progress() {};

        default void status(Status s) {}

        default void peerDropped(String peer, String reason) {}
    }

    private static final int MAX_FAILURES_KEPT = 100;
    /** How long the end of the phase waits for joined peers to hand their connections on (their reads wake every 50 ms). */
    private static final long HANDOVER_WAIT_NANOS = 2_000_000_000L;
    private static final long REDIAL_FIRST_NANOS = 1_000_000_000L, REDIAL_MAX_NANOS = 16_000_000_000L;

    private final InfoHash infoHash;
    private final Settings settings;
    private final Progress progress;
    private final byte[] ourId;
    /** Whether connections are kept for the download; those handed on so far. */
    private final boolean keeping;
    private final List<OpenPeer> kept = new ArrayList<>();
    private final Set<MetadataPeer> keptPeers = new HashSet<>();
    private final MetadataPieces<MetadataPeer> pieces;
    /** Peers whose extension handshake we have (they take part); {@link #open} also counts those still handshaking. */
    private final Set<MetadataPeer> connected = new HashSet<>();
    private final Set<MetadataPeer> open = new HashSet<>();
    private final Set<InetSocketAddress> active = new HashSet<>();
    private final Set<InetSocketAddress> banned = new HashSet<>();
    private final Map<MetadataPeer, Long> otherSize = new HashMap<>();
    /** Given peers: when each is dialled next, and the wait after that. */
    private final Map<InetSocketAddress, long[]> given = new LinkedHashMap<>();
    private final Map<InetSocketAddress, String> failures = new LinkedHashMap<>();
    private byte[] result;
    private volatile boolean finished;

    private MetadataFetch(InfoHash infoHash, Settings settings, Progress progress, byte[] ourId, boolean keeping) {
        this.infoHash = infoHash;
        this.ourId = ourId.clone();
        this.keeping = keeping;
        this.settings = settings;
        this.progress = progress;
        this.pieces = new MetadataPieces<>(infoHash, settings.maxSize(), settings.maxRejects());
    }

    /** Fetches the info dictionary of {@code infoHash}; its bytes hash to it. */
    public static byte[] fetch(InfoHash infoHash, List<InetSocketAddress> peers, Optional<PeerSource> trackers, Settings settings,
            Progress progress) throws MagnetException, InterruptedException {
        return new MetadataFetch(infoHash, settings, progress, PeerId.random(), false).run(peers, trackers);
    }

    /**
     * Fetches the info dictionary as {@link #fetch} does, handshaking as {@code ourId} (the download's peer id), and
     * keeps the connections of the peers that took part when it completes.
     */
    public static Fetched fetchKeepingPeers(InfoHash infoHash, List<InetSocketAddress> peers, Optional<PeerSource> trackers,
            Settings settings, byte[] ourId, Progress progress) throws MagnetException, InterruptedException {
        MetadataFetch f = new MetadataFetch(infoHash, settings, progress, ourId, true);
        byte[] info = f.run(peers, trackers);
        synchronized (f) {
            return new Fetched(info, List.copyOf(f.kept));
        }
    }

    private byte[] run(List<InetSocketAddress> peers, Optional<PeerSource> trackers) throws MagnetException, InterruptedException {
        long start = System.nanoTime(), deadline = start + settings.timeout().toNanos();
        synchronized (this) {
            for (InetSocketAddress a : peers) given.putIfAbsent(a, new long[] {start, REDIAL_FIRST_NANOS});
        }
        Thread announcer = trackers.map(t -> Thread.ofVirtual().name("metadata-announce").start(() -> announce(t))).orElse(null);
        long lastStatus = start;
        try {
            synchronized (this) {
                while (!finished) {
                    long now = System.nanoTime();
                    if (now - deadline >= 0) break;
                    dialDue(now);
                    wait(250);
                    if (System.nanoTime() - lastStatus >= 1_000_000_000L) {
                        lastStatus = System.nanoTime();
                        progress.status(new Status(connected.size(), pieces.size() < 0 ? 0 : pieces.piecesHere(), pieces.pieceCount(), pieces.size()));
                    }
                    for (MetadataPeer p : List.copyOf(connected)) Thread.ofVirtual().start(() -> pumpQuietly(p));
                }
                if (result != null) return result;
            }
            throw new MagnetException("no peer sent the metadata within " + seconds(settings.timeout()) + describeFailures());
        } finally {
            List<MetadataPeer> closing;
            synchronized (this) {
                finished = true;
                if (keeping && result != null) awaitHandovers();
                closing = new ArrayList<>(open);
                closing.removeAll(keptPeers);
            }
            for (MetadataPeer p : closing) p.close(); // those still handshaking too: no socket outlives the phase unless handed on
            if (announcer != null) announcer.interrupt();
        }
    }

    /**
     * Under the lock, once complete: gives the peers that joined a moment to hand their connections on. An interrupt
     * (Ctrl-C) ends the wait, and the caller closes what was not handed on.
     */
    private void awaitHandovers() {
        long end = System.nanoTime() + HANDOVER_WAIT_NANOS;
        notifyAll();
        try {
            while (!keptPeers.containsAll(connected)) {
                long left = end - System.nanoTime();
                if (left <= 0) return;
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A joined peer's connection, whole, at the end of a complete phase: kept for the download if we are keeping them. */
    synchronized boolean keep(MetadataPeer peer, OpenPeer open) {
        if (!keeping || result == null || !connected.contains(peer) || banned.contains(peer.address())) return false;
        kept.add(open);
        keptPeers.add(peer);
        notifyAll();
        return true;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private synchronized String describeFailures() {
        if (failures.isEmpty() && given.isEmpty()) return " (no peer found: give one with --peer HOST:PORT or x.pe in the link)";
        if (failures.isEmpty()) return " (no peer answered)";
        List<String> last = new ArrayList<>();
        failures.forEach((a, why) -> last.add(a.getAddress().getHostAddress() + ":" + a.getPort() + ": " + why));
        int from = Math.max(0, last.size() - 3);
        return " (" + failures.size() + (failures.size() == 1 ? " peer" : " peers") + " tried; " + String.join("; ", last.subList(from, last.size())) + ")";
    }

    private void pumpQuietly(MetadataPeer p) {
        try {
            p.pump();
        } catch (IOException e) {
            p.close(); // its reader sees the closed socket and reports
        }
    }

    /** Asks the trackers for peers, again at the interval they give (between 5 s and a minute here), until done. */
    private void announce(PeerSource trackers) {
        try {
            while (!finished) {
                Duration interval = Duration.ofSeconds(15);
                try {
                    PeerSource.Response r = trackers.announce(PeerSource.Event.STARTED,
                            new PeerSource.Stats(0, 0, MetadataMessage.PIECE_SIZE, settings.port(), ourId));
                    interval = r.interval();
                    synchronized (this) {
                        for (InetSocketAddress a : r.peers()) dial(a);
                    }
                } catch (IOException e) {
                    progress.peerDropped("tracker", e.getMessage());
                }
                long ms = Math.max(5_000, Math.min(60_000, interval.toMillis()));
                Thread.sleep(ms);
            }
        } catch (InterruptedException e) {
            // the phase is over
        }
    }

    /** Under the lock: given peers whose wait is over. */
    private void dialDue(long now) {
        for (Map.Entry<InetSocketAddress, long[]> e : given.entrySet()) {
            long[] s = e.getValue();
            if (active.contains(e.getKey()) || now - s[0] < 0) continue;
            s[0] = now + s[1];
            s[1] = Math.min(REDIAL_MAX_NANOS, s[1] * 2);
            dial(e.getKey());
        }
    }

    /** Under the lock. */
    private void dial(InetSocketAddress a) {
        if (finished || banned.contains(a) || active.contains(a) || active.size() >= settings.maxPeers()) return;
        active.add(a);
        MetadataPeer peer = new MetadataPeer(a, this);
        open.add(peer);
        Thread.ofVirtual().name("metadata-peer " + a).start(() -> {
            String why = peer.run(infoHash.bytes(), ourId);
            synchronized (this) {
                active.remove(a);
                open.remove(peer);
                if (!finished) {
                    failures.remove(a); // to the end: the message names the latest
                    failures.put(a, why);
                    if (failures.size() > MAX_FAILURES_KEPT) failures.remove(failures.keySet().iterator().next());
                }
            }
            if (!finished) progress.peerDropped(peer.toString(), why);
        });
    }

    boolean finished() {
        return finished;
    }

    // ---- called by the peers' threads ----

    /** Its extension handshake came: a reason to drop it, or null. */
    synchronized String joined(MetadataPeer peer, OptionalLong size) {
        String refusal = pieces.refusal(size);
        if (refusal != null) return refusal;
        connected.add(peer);
        if (!pieces.join(peer, size.getAsLong())) otherSize.put(peer, size.getAsLong());
        return null;
    }

    synchronized OptionalInt nextFor(MetadataPeer peer, int pipeline) {
        if (finished || !connected.contains(peer) || otherSize.containsKey(peer) || pieces.outstanding(peer) >= pipeline) {
            return OptionalInt.empty();
        }
        return pieces.next(peer, System.nanoTime());
    }

    synchronized String received(MetadataPeer peer, MetadataMessage.Data d) {
        if (finished) return "done";
        switch (pieces.received(peer, d)) {
            case MetadataPieces.Stored<MetadataPeer> s -> {
                return null;
            }
            case MetadataPieces.Refused<MetadataPeer> r -> {
                return r.reason();
            }
            case MetadataPieces.Complete<MetadataPeer> c -> {
                result = c.info();
                finished = true;
                notifyAll();
                return "done";
            }
            case MetadataPieces.Corrupt<MetadataPeer> c -> {
                for (MetadataPeer blamed : c.blamed()) {
                    banned.add(blamed.address());
                    if (blamed != peer) blamed.close();
                }
                if (c.blamed().contains(peer)) return "sent metadata that does not hash to the info-hash";
                if (c.blamed().isEmpty()) progress.peerDropped("metadata", "pieces from several peers did not hash right; fetching again from one peer");
                return null;
            }
        }
    }

    synchronized String rejected(MetadataPeer peer, int piece) {
        if (pieces.rejected(peer, piece)) return "rejected more than " + settings.maxRejects() + " metadata requests";
        if (pieces.useless(peer)) return "rejected every metadata piece we still need";
        return null;
    }

    synchronized void left(MetadataPeer peer) {
        connected.remove(peer);
        otherSize.remove(peer);
        pieces.left(peer);
        boolean anyOnSize = connected.stream().anyMatch(p -> !otherSize.containsKey(p));
        if (!anyOnSize && !otherSize.isEmpty()) {
            // Everyone telling the size we were fetching is gone: perhaps they lied; try the size the others tell.
            long next = otherSize.values().iterator().next();
            pieces.restart(next);
            otherSize.values().removeIf(n -> n == next);
        }
        notifyAll();
    }
}
