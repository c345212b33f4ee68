package connectivity.torrent.daemon;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.swarm.Swarm;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The daemon's torrents by id (in id order, Transmission's queue order) and by info-hash, and the next id. */
final class Torrents {
    /** Makes the session for a new torrent, given its id; may write its .torrent first (it runs under the registry's lock). */
    interface Maker {
        TorrentSession make(int id) throws IOException;
    }

    private final Map<Integer, TorrentSession> byId = new LinkedHashMap<>();
    private final Map<InfoHash, TorrentSession> byHash = new LinkedHashMap<>();
    private int nextId;

    Torrents(int nextId) {
        this.nextId = Math.max(1, nextId);
    }

    synchronized void register(TorrentSession t) {
        byId.put(t.id, t);
        byHash.put(t.infoHash, t);
        nextId = Math.max(nextId, t.id + 1);
    }

    /** The torrent with {@code hash} if there is one (a duplicate), else a new one made and registered at once. */
    synchronized Daemon.Added addIfAbsent(InfoHash hash, Maker maker) throws IOException {
        TorrentSession there = byHash.get(hash);
        if (there != null) return new Daemon.Added(there, true);
        TorrentSession t = maker.make(nextId);
        register(t);
        return new Daemon.Added(t, false);
    }

    synchronized void remove(TorrentSession t) {
        byId.remove(t.id, t);
        byHash.remove(t.infoHash, t);
    }

    /** Whether {@code t} is (still) the daemon's torrent for its hash: not removed, nor replaced by a new add. */
    synchronized boolean holds(TorrentSession t) {
        return byHash.get(t.infoHash) == t;
    }

    synchronized boolean hasHash(InfoHash h) {
        return byHash.containsKey(h);
    }

    synchronized List<TorrentSession> all() {
        return List.copyOf(byId.values());
    }

    synchronized Optional<TorrentSession> byId(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    synchronized Optional<TorrentSession> byHash(String hex) {
        try {
            return Optional.ofNullable(byHash.get(InfoHash.fromHex(hex.toLowerCase(Locale.ROOT))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    synchronized Optional<Swarm> swarmFor(InfoHash h) {
        TorrentSession t = byHash.get(h);
        return t == null ? Optional.empty() : t.swarm();
    }

    synchronized int nextId() {
        return nextId;
    }
}
