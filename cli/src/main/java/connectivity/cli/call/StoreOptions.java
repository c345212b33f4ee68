package connectivity.cli.call;

import connectivity.call.store.RedisStore;
import connectivity.call.store.StoreUnavailableException;
import connectivity.call.store.StoreUri;
import connectivity.cli.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store} and {@code --store-password-file}: where a rendezvous or relay keeps what instances share. */
final class StoreOptions {
    /** Key prefix in Redis, so the call servers and the tracker can share one Redis without colliding. */
    static final String PREFIX = "conn:call:";

    @Option(names = "--store", paramLabel = "URI", defaultValue = "memory",
            description = "memory (default), or redis://HOST:PORT[/DB]: keep the shared state in Redis, so several "
                + "instances share it and name bindings survive a restart.")
    String store;

    @Option(names = "--store-password-file", paramLabel = "FILE",
            description = "File whose first line is the Redis password (AUTH), kept out of the command line.")
    Path passwordFile;

    /** Quiets the Redis client's own per-connection warnings (with stack traces); our store logs outages once. */
    static void quietRedisClient() {
        System.setProperty("org.slf4j.simpleLogger.log.redis.clients.jedis", "error");
    }

    /** The Redis store, reachable now, or null for memory; a bad option or an unreachable Redis is one line. */
    RedisStore open(String clientName) {
        if (store.equals("memory")) {
            if (passwordFile != null) throw new CliFailure(CliFailure.BAD_INPUT, "--store-password-file needs --store redis://...");
            return null;
        }
        StoreUri uri;
        try {
            uri = StoreUri.parse(store);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, "--store: " + e.getMessage());
        }
        RedisStore redis = new RedisStore(uri, password(), clientName);
        try {
            redis.ping();
        } catch (StoreUnavailableException e) {
            redis.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CliFailure(CliFailure.FAILED, "cannot use store " + uri + ": " + cause.getMessage());
        }
        return redis;
    }

    private String password() {
        if (passwordFile == null) return null;
        try {
            String first = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            if (first.isEmpty()) throw new CliFailure(CliFailure.BAD_INPUT, "store password file " + passwordFile + " is empty");
            return first;
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot read store password file " + passwordFile + ": " + e.getMessage());
        }
    }
}
