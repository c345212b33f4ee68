package connectivity.torrent.tracker.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a Redis server is, as {@code redis://HOST:PORT[/DB]} (port 6379 if left out). A password comes from
 * elsewhere (a file), so it never shows in a process list or a log line that prints the address.
 */
public record RedisAddress(String host, int port, int database) {
    public static final int DEFAULT_PORT = 6379;

    public RedisAddress {
        Objects.requireNonNull(host);
        if (host.isEmpty()) throw new IllegalArgumentException("no host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (database < 0 || database > 15_999) throw new IllegalArgumentException("database out of range: " + database);
    }

    /** Parses {@code redis://HOST:PORT[/DB]}; the message of the exception says what is wrong, for the user. */
    public static RedisAddress parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + text);
        }
        if (!"redis".equals(uri.getScheme())) throw new IllegalArgumentException("not a redis:// URI: " + text);
        if (uri.getUserInfo() != null) throw new IllegalArgumentException("put the password in a file (--store-password-file), not in the URI");
        if (uri.getHost() == null) throw new IllegalArgumentException("no host in " + text);
        if (uri.getQuery() != null || uri.getFragment() != null) throw new IllegalArgumentException("unexpected query or fragment in " + text);
        String path = Optional.ofNullable(uri.getPath()).orElse("");
        int db = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("database must be a number: " + path.substring(1));
            }
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new RedisAddress(host, uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort(), db);
    }

    /** Parses {@code redis-cluster://HOST:PORT[,HOST:PORT...]}: nodes of one Redis Cluster (database 0 only). */
    public static java.util.List<RedisAddress> parseCluster(String text) {
        String scheme = "redis-cluster://";
        if (!text.startsWith(scheme)) throw new IllegalArgumentException("not a redis-cluster:// URI: " + text);
        java.util.List<RedisAddress> nodes = new java.util.ArrayList<>();
        for (String node : text.substring(scheme.length()).split(",", -1)) {
            RedisAddress a = parse("redis://" + node);
            if (a.database() != 0) throw new IllegalArgumentException("a cluster has only database 0: " + node);
            nodes.add(a);
        }
        return java.util.List.copyOf(nodes);
    }

    @Override
    public String toString() {
        return "redis://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }
}
