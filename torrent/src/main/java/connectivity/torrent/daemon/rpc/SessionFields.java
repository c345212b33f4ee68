package connectivity.torrent.daemon.rpc;

import connectivity.torrent.daemon.Daemon;
import connectivity.torrent.daemon.SessionTotals;
import connectivity.torrent.daemon.Settings;
import connectivity.torrent.daemon.TorrentSession;
import connectivity.torrent.daemon.TorrentState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code session-get} and {@code session-stats} in Transmission's field names and units (speeds in kB/s of 1000 bytes). */
final class SessionFields {
    static final String VERSION = "3.00 (connectivity)";

    private SessionFields() {}

    static Map<String, Object> session(Daemon d, List<String> wanted) {
        Settings s = d.settings();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", VERSION);
        m.put("rpc-version", TransmissionRpc.RPC_VERSION);
        m.put("rpc-version-minimum", 1L);
        m.put("config-dir", d.config().configDir().toString());
        m.put("download-dir", d.config().downloadDir().toString());
        m.put("download-dir-free-space", freeSpace(d));
        m.put("peer-port", (long) d.peerPort());
        m.put("peer-port-random-on-start", false);
        m.put("port-forwarding-enabled", false);
        m.put("peer-limit-global", (long) d.config().maxPeerConnections());
        m.put("peer-limit-per-torrent", (long) d.config().swarm().maxPeers());
        m.put("pex-enabled", d.config().swarm().pex());
        m.put("dht-enabled", s.dht());
        m.put("lpd-enabled", false);
        m.put("utp-enabled", false);
        m.put("encryption", "tolerated");
        m.put("speed-limit-down", s.downloadLimit() / 1000);
        m.put("speed-limit-down-enabled", s.downloadLimit() > 0);
        m.put("speed-limit-up", s.uploadLimit() / 1000);
        m.put("speed-limit-up-enabled", s.uploadLimit() > 0);
        m.put("alt-speed-enabled", false);
        m.put("alt-speed-down", 0L);
        m.put("alt-speed-up", 0L);
        m.put("download-queue-enabled", true);
        m.put("download-queue-size", (long) s.queueSize());
        m.put("seed-queue-enabled", false);
        m.put("seed-queue-size", 0L);
        m.put("start-added-torrents", s.startAdded());
        m.put("seedRatioLimited", false);
        m.put("seedRatioLimit", 2.0);
        m.put("idle-seeding-limit-enabled", false);
        m.put("idle-seeding-limit", 30L);
        m.put("incomplete-dir-enabled", false);
        m.put("rename-partial-files", false);
        m.put("cache-size-mb", 0L);
        m.put("blocklist-enabled", false);
        m.put("blocklist-size", 0L);
        m.put("units", Map.of("speed-units", List.of("kB/s", "MB/s", "GB/s", "TB/s"), "speed-bytes", 1000L,
                "size-units", List.of("kB", "MB", "GB", "TB"), "size-bytes", 1000L, "memory-units", List.of("KiB", "MiB", "GiB", "TiB"),
                "memory-bytes", 1024L));
        if (wanted.isEmpty()) return m;
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : wanted) if (m.containsKey(f)) out.put(f, m.get(f));
        return out;
    }

    private static long freeSpace(Daemon d) {
        try {
            return Files.getFileStore(d.config().downloadDir()).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    static Map<String, Object> stats(Daemon d) {
        List<TorrentSession> all = d.torrents();
        long down = 0, up = 0;
        int active = 0, paused = 0;
        for (TorrentSession t : all) {
            var s = t.swarm();
            if (s.isPresent()) {
                active++;
                down += Math.round(s.get().status().downloadRate());
                up += Math.round(s.get().status().uploadRate());
            }
            if (t.state() == TorrentState.STOPPED) paused++;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activeTorrentCount", (long) active);
        m.put("pausedTorrentCount", (long) paused);
        m.put("torrentCount", (long) all.size());
        m.put("downloadSpeed", down);
        m.put("uploadSpeed", up);
        m.put("cumulative-stats", totals(d.cumulativeTotals()));
        m.put("current-stats", totals(d.currentTotals()));
        return m;
    }

    private static Map<String, Object> totals(SessionTotals.Totals t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uploadedBytes", t.uploadedBytes());
        m.put("downloadedBytes", t.downloadedBytes());
        m.put("filesAdded", t.filesAdded());
        m.put("sessionCount", t.sessionCount());
        m.put("secondsActive", t.secondsActive());
        return m;
    }

    /**
     * Whether our peer port takes connections, tried from this host (Transmission asks an outside service; this
     * daemon reaches nothing outside, so it can only say the listener is up, not that a router forwards to it).
     */
    static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
