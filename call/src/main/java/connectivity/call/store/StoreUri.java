package connectivity.call.store;

import java.net.URI;
import java.net.URISyntaxException;

/** Where the shared store is: {@code redis://HOST:PORT[/DB]}, parsed once so a typo fails at startup. */
public record StoreUri(String host, int port, int database) {
    public static final int DEFAULT_PORT = 6379;

    public StoreUri {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("store address has no host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("store port " + port + " out of range");
        if (database < 0) throw new IllegalArgumentException("store database must be 0 or more");
    }

    /** Parses {@code redis://HOST:PORT[/DB]}; the message of the exception is fit to show a user. */
    public static StoreUri parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("store address " + text + " is not a URI (use redis://HOST:PORT[/DB])");
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("store address " + text + " is not redis://HOST:PORT[/DB]");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("put the store password in a file (--store-password-file), not in the address");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        int db = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("store database in " + text + " is not a number");
            }
        }
        return new StoreUri(uri.getHost(), uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort(), db);
    }

    @Override
    public String toString() {
        return "redis://" + host + ":" + port + "/" + database;
    }
}
