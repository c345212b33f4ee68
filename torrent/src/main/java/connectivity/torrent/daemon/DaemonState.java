package connectivity.torrent.daemon;

import connectivity.net.support.AtomicFiles;
import connectivity.torrent.swarm.FileChoices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's saved state ({@code state.json} in the config folder): settings, the next torrent id, each torrent
 * with its verified pieces and its files' stamps, and when it was written ({@code savedAt}, the heartbeat that
 * {@link ResumeCheck} reasons from). Written whole, atomically (temporary file, then rename), so a crash leaves the
 * previous version or this one, never a mix.
 */
public record DaemonState(long savedAtMillis, int nextId, Settings settings, List<SavedTorrent> torrents, SessionTotals.Totals totals) {
    public static final String FILE = "state.json";
    /** Larger state files are refused (a million pieces' bitfield is 170 KB in base64). */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    public DaemonState {
        torrents = List.copyOf(torrents);
    }

    public static DaemonState empty() {
        return new DaemonState(0, 1, Settings.defaults(), List.of(), SessionTotals.Totals.NONE);
    }

    public void save(Path configDir) throws IOException {
        AtomicFiles.write(configDir.resolve(FILE), Json.write(toJson()).getBytes(StandardCharsets.UTF_8), AtomicFiles.Access.PRIVATE);
    }

    /** The saved state, or an empty one when there is none yet; a broken file is an IOException naming it. */
    public static DaemonState load(Path configDir) throws IOException {
        Path file = configDir.resolve(FILE);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return empty();
        }
        try {
            return fromJson(Json.parseObject(new String(bytes, StandardCharsets.UTF_8)));
        } catch (Json.JsonException | RuntimeException e) {
            throw new IOException(file + " is not a state file of ours: " + e.getMessage());
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1L);
        m.put("savedAt", savedAtMillis);
        m.put("nextId", (long) nextId);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("downloadLimit", settings.downloadLimit());
        s.put("uploadLimit", settings.uploadLimit());
        s.put("queueSize", (long) settings.queueSize());
        s.put("startAdded", settings.startAdded());
        s.put("dht", settings.dht());
        m.put("settings", s);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("uploadedBytes", this.totals.uploadedBytes());
        totals.put("downloadedBytes", this.totals.downloadedBytes());
        totals.put("filesAdded", this.totals.filesAdded());
        totals.put("sessionCount", this.totals.sessionCount());
        totals.put("secondsActive", this.totals.secondsActive());
        m.put("totals", totals);
        List<Object> list = new ArrayList<>();
        for (SavedTorrent t : torrents) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", (long) t.id());
            o.put("infoHash", t.infoHash());
            o.put("magnet", t.magnet());
            o.put("name", t.name());
            o.put("downloadDir", t.downloadDir());
            o.put("paused", t.paused());
            o.put("added", t.addedMillis());
            o.put("done", t.doneMillis());
            o.put("downloadLimit", t.downloadLimit());
            o.put("uploadLimit", t.uploadLimit());
            o.put("downloadedEver", t.downloadedEver());
            o.put("uploadedEver", t.uploadedEver());
            o.put("pieces", Base64.getEncoder().encodeToString(t.pieces().toByteArray()));
            List<Object> files = new ArrayList<>();
            for (FileStamp f : t.files()) files.add(List.of(f.size(), f.modifiedMillis()));
            o.put("files", files);
            o.put("secondsDownloading", t.activity().downloadingMillis() / 1000);
            o.put("secondsSeeding", t.activity().seedingMillis() / 1000);
            o.put("corruptEver", t.activity().corruptBytes());
            o.put("activity", t.activity().lastActiveMillis());
            if (t.choices() != null) {
                o.put("filesWanted", t.choices().wanted().stream().map(w -> (Object) (w ? 1L : 0L)).toList());
                o.put("filePriorities", t.choices().priorities().stream().map(p -> (Object) (long) p).toList());
            }
            list.add(o);
        }
        m.put("torrents", list);
        return m;
    }

    /** The saved file choices, or null (every file, normal) when there are none. */
    @SuppressWarnings("unchecked")
    private static FileChoices choices(Map<String, Object> t) {
        if (!(t.get("filesWanted") instanceof List<?> w) || !(t.get("filePriorities") instanceof List<?> p)) return null;
        List<Boolean> wanted = new ArrayList<>();
        List<Integer> priorities = new ArrayList<>();
        for (Object x : w) wanted.add(Json.longOf(x, 1) != 0);
        for (Object x : p) priorities.add((int) Math.max(FileChoices.LOW, Math.min(FileChoices.HIGH, Json.longOf(x, 0))));
        return wanted.size() == priorities.size() ? new FileChoices(wanted, priorities) : null;
    }

    @SuppressWarnings("unchecked")
    static DaemonState fromJson(Map<String, Object> m) {
        Map<String, Object> s = (Map<String, Object>) m.getOrDefault("settings", Map.of());
        Settings d = Settings.defaults();
        Settings settings = new Settings(Json.longOf(s.get("downloadLimit"), d.downloadLimit()), Json.longOf(s.get("uploadLimit"), d.uploadLimit()),
                (int) Math.max(1, Json.longOf(s.get("queueSize"), d.queueSize())), !Boolean.FALSE.equals(s.get("startAdded")),
                !Boolean.FALSE.equals(s.get("dht")));
        List<SavedTorrent> torrents = new ArrayList<>();
        for (Object o : (List<Object>) m.getOrDefault("torrents", List.of())) {
            Map<String, Object> t = (Map<String, Object>) o;
            List<FileStamp> files = new ArrayList<>();
            for (Object f : (List<Object>) t.getOrDefault("files", List.of())) {
                List<Object> pair = (List<Object>) f;
                files.add(new FileStamp(Json.longOf(pair.get(0), -1), Json.longOf(pair.get(1), -1)));
            }
            String hash = Json.stringOf(t.get("infoHash"));
            if (hash == null || !hash.matches("[0-9a-f]{40}")) throw new IllegalArgumentException("bad info-hash " + hash);
            torrents.add(new SavedTorrent((int) Json.longOf(t.get("id"), 0), hash, Json.stringOf(t.get("magnet")), Json.stringOf(t.get("name")),
                    Json.stringOf(t.get("downloadDir")), Boolean.TRUE.equals(t.get("paused")), Json.longOf(t.get("added"), 0),
                    Json.longOf(t.get("done"), 0), Json.longOf(t.get("downloadLimit"), 0), Json.longOf(t.get("uploadLimit"), 0),
                    Json.longOf(t.get("downloadedEver"), 0), Json.longOf(t.get("uploadedEver"), 0),
                    BitSet.valueOf(Base64.getDecoder().decode(String.valueOf(t.getOrDefault("pieces", "")))), files,
                    new Activity(Json.longOf(t.get("secondsDownloading"), 0) * 1000, Json.longOf(t.get("secondsSeeding"), 0) * 1000,
                            Json.longOf(t.get("corruptEver"), 0), Json.longOf(t.get("activity"), 0)), choices(t)));
        }
        Map<String, Object> c = (Map<String, Object>) m.getOrDefault("totals", Map.of());
        SessionTotals.Totals totals = new SessionTotals.Totals(Json.longOf(c.get("uploadedBytes"), 0), Json.longOf(c.get("downloadedBytes"), 0),
                Json.longOf(c.get("filesAdded"), 0), Json.longOf(c.get("sessionCount"), 0), Json.longOf(c.get("secondsActive"), 0));
        return new DaemonState(Json.longOf(m.get("savedAt"), 0), (int) Math.max(1, Json.longOf(m.get("nextId"), 1)), settings, torrents, totals);
    }
}
