package connectivity.torrent.daemon.rpc;

import connectivity.torrent.daemon.Daemon;
import connectivity.torrent.daemon.Json;
import connectivity.torrent.daemon.Settings;
import connectivity.torrent.daemon.TorrentSession;
import connectivity.torrent.magnet.MagnetException;
import connectivity.torrent.meta.MetainfoException;
import connectivity.torrent.swarm.FileChoices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Transmission's RPC methods over a {@link Daemon}: a request object in, a response object out ({@code result},
 * {@code arguments}, the request's {@code tag}). Without sockets, so it is tested alone; {@link RpcHandler} is its
 * HTTP face. Methods: session-get/set/stats, torrent-get/add/start/start-now/stop/remove/verify/set/set-location,
 * free-space, port-test.
 */
public final class TransmissionRpc {
    /** Transmission 3.00 speaks RPC version 16 (minimum 1); transmission-remote 3.00 checks neither. */
    static final long RPC_VERSION = 16;

    private final Daemon daemon;
    private final TorrentAdder adder;

    public TransmissionRpc(Daemon daemon, TorrentAdder adder) {
        this.daemon = daemon;
        this.adder = adder;
    }

    /** Answers one request (already parsed). */
    public Map<String, Object> call(Map<String, Object> request) {
        Map<String, Object> response = new LinkedHashMap<>();
        Object tag = request.get("tag");
        Map<String, Object> args = new LinkedHashMap<>();
        String result = "success";
        try {
            String method = Json.stringOf(request.get("method"));
            if (method == null) throw new RpcException("no method name");
            Map<String, Object> in = map(request.get("arguments"));
            args = dispatch(method, in);
        } catch (RpcException e) {
            result = e.getMessage();
        } catch (IOException e) {
            result = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        response.put("arguments", args);
        response.put("result", result);
        if (tag instanceof Number) response.put("tag", tag);
        return response;
    }

    private Map<String, Object> dispatch(String method, Map<String, Object> in) throws RpcException, IOException {
        return switch (method) {
            case "session-get" -> SessionFields.session(daemon, strings(in.get("fields")));
            case "session-set" -> sessionSet(in);
            case "session-stats" -> SessionFields.stats(daemon);
            case "torrent-get" -> torrentGet(in);
            case "torrent-add" -> torrentAdd(in);
            case "torrent-start", "torrent-start-now" -> each(in, daemon::start);
            case "torrent-stop" -> each(in, daemon::stop);
            case "torrent-verify" -> each(in, daemon::verify);
            case "torrent-reannounce" -> each(in, t -> {});
            case "torrent-remove" -> remove(in);
            case "torrent-set" -> torrentSet(in);
            case "torrent-set-location" -> setLocation(in);
            case "free-space" -> freeSpace(in);
            case "port-test" -> Map.of("port-is-open", SessionFields.portOpen(daemon.peerPort()));
            case "blocklist-update" -> Map.of("blocklist-size", 0L);
            default -> throw new RpcException("method name not recognized");
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) throws RpcException {
        if (o == null) return Map.of();
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new RpcException("arguments must be an object");
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) for (Object x : l) if (x instanceof String s) out.add(s);
        return out;
    }

    /**
     * The torrents {@code ids} names: absent means all; a number, a hash string, a list of either, or
     * {@code "recently-active"} (here: all that run).
     */
    List<TorrentSession> select(Object ids) {
        if (ids == null) return daemon.torrents();
        if ("recently-active".equals(ids)) return daemon.torrents().stream().filter(t -> t.swarm().isPresent()).toList();
        List<Object> list = ids instanceof List<?> l ? new ArrayList<>(l) : List.of(ids);
        List<TorrentSession> out = new ArrayList<>();
        for (Object o : list) {
            Optional<TorrentSession> t = o instanceof Number n ? daemon.byId(n.intValue())
                    : o instanceof String s ? daemon.byHash(s) : Optional.empty();
            t.filter(x -> !out.contains(x)).ifPresent(out::add);
        }
        return out;
    }

    private interface Action {
        void apply(TorrentSession t) throws IOException;
    }

    private Map<String, Object> each(Map<String, Object> in, Action action) throws IOException {
        for (TorrentSession t : select(in.get("ids"))) action.apply(t);
        return Map.of();
    }

    private Map<String, Object> torrentGet(Map<String, Object> in) throws RpcException {
        List<String> fields = strings(in.get("fields"));
        if (fields.isEmpty()) throw new RpcException("no fields specified");
        List<Object> torrents = new ArrayList<>();
        for (TorrentSession t : select(in.get("ids"))) torrents.add(TorrentFields.of(t, daemon.config().swarm().maxPeers(), fields));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("torrents", torrents);
        if ("recently-active".equals(in.get("ids"))) out.put("removed", List.of());
        return out;
    }

    private Map<String, Object> torrentAdd(Map<String, Object> in) throws RpcException, IOException {
        Optional<Path> dir = Optional.ofNullable(Json.stringOf(in.get("download-dir"))).map(Path::of);
        Optional<Boolean> paused = in.get("paused") instanceof Boolean b ? Optional.of(b) : Optional.empty();
        String metainfo = Json.stringOf(in.get("metainfo")), filename = Json.stringOf(in.get("filename"));
        // The add's file choices, for a new torrent (a duplicate keeps its own); a malformed argument is refused first.
        if (FileArgs.present(in)) FileArgs.apply(in, FileChoices.all(0), false);
        java.util.function.UnaryOperator<FileChoices> files = c -> {
            try {
                return FileArgs.apply(in, c, false);
            } catch (RpcException e) {
                return c; // cannot happen: the same arguments passed above
            }
        };
        Daemon.Added added;
        try {
            if (metainfo != null) {
                added = daemon.add(Base64.getMimeDecoder().decode(metainfo), dir, paused, files);
            } else if (filename != null && filename.regionMatches(true, 0, "magnet:", 0, 7)) {
                added = daemon.addMagnet(filename, dir, paused);
            } else if (filename != null) {
                added = daemon.add(adder.fetch(filename), dir, paused, files);
            } else {
                throw new RpcException("no filename or metainfo specified");
            }
        } catch (IllegalArgumentException | MetainfoException e) {
            throw new RpcException("invalid or corrupt torrent file");
        } catch (MagnetException e) {
            throw new RpcException("invalid or corrupt torrent file");
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", (long) added.torrent().id);
        t.put("name", added.torrent().name());
        t.put("hashString", added.torrent().infoHash.hex());
        return Map.of(added.duplicate() ? "torrent-duplicate" : "torrent-added", t);
    }

    private Map<String, Object> remove(Map<String, Object> in) throws IOException {
        boolean delete = Boolean.TRUE.equals(in.get("delete-local-data"));
        for (TorrentSession t : select(in.get("ids"))) daemon.remove(t, delete);
        return Map.of();
    }

    private Map<String, Object> torrentSet(Map<String, Object> in) throws IOException, RpcException {
        List<TorrentSession> chosen = select(in.get("ids"));
        Map<TorrentSession, FileChoices> files = new LinkedHashMap<>();
        if (FileArgs.present(in)) {
            // Every torrent's indices are checked before any changes: an error leaves all as they were.
            for (TorrentSession t : chosen) files.put(t, FileArgs.apply(in, t.files(), true));
        }
        for (TorrentSession t : chosen) {
            FileChoices f = files.get(t);
            if (f != null && t.meta().isPresent() && !f.equals(t.files())) {
                try {
                    daemon.files(t, f);
                } catch (IllegalArgumentException e) { // made for the files as they were: a magnet's list arrived since
                    throw new RpcException("the torrent's file list changed while setting files; try again");
                }
            }
            long down = limit(in, "downloadLimit", "downloadLimited", t.downloadLimit());
            long up = limit(in, "uploadLimit", "uploadLimited", t.uploadLimit());
            if (down != t.downloadLimit() || up != t.uploadLimit()) daemon.limits(t, down, up);
            String location = Json.stringOf(in.get("location"));
            if (location != null) daemon.move(t, Path.of(location), false);
        }
        return Map.of();
    }

    /** A limit in bytes per second from Transmission's kB/s value and its on/off flag. */
    private static long limit(Map<String, Object> in, String valueKey, String onKey, long current) {
        Object on = in.get(onKey);
        long value = in.containsKey(valueKey) ? Json.longOf(in.get(valueKey), 0) * 1000 : current;
        if (Boolean.FALSE.equals(on)) return 0;
        if (Boolean.TRUE.equals(on) || in.containsKey(valueKey)) return Math.max(0, value);
        return current;
    }

    private Map<String, Object> setLocation(Map<String, Object> in) throws RpcException, IOException {
        String location = Json.stringOf(in.get("location"));
        if (location == null) throw new RpcException("no location");
        for (TorrentSession t : select(in.get("ids"))) daemon.move(t, Path.of(location), Boolean.TRUE.equals(in.get("move")));
        return Map.of();
    }

    private Map<String, Object> sessionSet(Map<String, Object> in) {
        Settings s = daemon.settings();
        long down = limit(in, "speed-limit-down", "speed-limit-down-enabled", s.downloadLimit());
        long up = limit(in, "speed-limit-up", "speed-limit-up-enabled", s.uploadLimit());
        Settings next = s.withLimits(down, up);
        if (in.get("download-queue-size") instanceof Number n) next = next.withQueueSize(n.intValue());
        if (in.get("start-added-torrents") instanceof Boolean b) next = next.withStartAdded(b);
        if (in.get("dht-enabled") instanceof Boolean b) next = next.withDht(b);
        if (!next.equals(s)) daemon.settings(next);
        return Map.of();
    }

    private Map<String, Object> freeSpace(Map<String, Object> in) throws RpcException {
        String path = Json.stringOf(in.get("path"));
        if (path == null) throw new RpcException("directory path argument is missing");
        try {
            var store = Files.getFileStore(Path.of(path));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("path", path);
            out.put("size-bytes", store.getUsableSpace());
            out.put("total_size", store.getTotalSpace());
            return out;
        } catch (IOException | RuntimeException e) {
            throw new RpcException("No such file or directory");
        }
    }
}
