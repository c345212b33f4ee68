package connectivity.call.rendezvous;

import connectivity.call.store.RedisStore;
import java.util.Base64;
import java.util.List;

/**
 * Name bindings in Redis, so a name stays with its key across restarts and is shared by every rendezvous on the
 * same Redis. The first binding wins atomically: the check-and-set runs as one script.
 */
public final class RedisNameRegistry implements NameRegistry {
    private static final String BIND = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 1 end
            if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
            return 0""";

    private final RedisStore store;
    private final String prefix;

    /** {@code prefix} namespaces the keys (e.g. {@code conn:call:}), so several deployments can share one Redis. */
    public RedisNameRegistry(RedisStore store, String prefix) {
        this.store = store;
        this.prefix = prefix + "name:";
    }

    @Override
    public boolean bindOrCheck(String name, byte[] publicKey) {
        String key = Base64.getEncoder().encodeToString(publicKey);
        Object bound = store.run(j -> j.eval(BIND, List.of(prefix + name), List.of(key)));
        return Long.valueOf(1).equals(bound);
    }

    @Override
    public boolean isBound(String name) {
        return store.run(j -> j.exists(prefix + name));
    }
}
