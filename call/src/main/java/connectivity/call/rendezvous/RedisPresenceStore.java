package connectivity.call.rendezvous;

import connectivity.call.store.RedisStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Presence in Redis, shared by every rendezvous on it. Each entry is a hash that expires after {@code ttl} unless
 * its session's pings refresh it, so the users of a rendezvous that crashed drop offline by themselves. A sorted
 * set (score: expiry, Redis's own clock) lists the names for WHO; expired members are pruned when it is read.
 */
public final class RedisPresenceStore implements PresenceStore {
    /** ARGV[1]: 'put' (always) or 'refresh' (only if absent or still this session). Returns 1 if written. */
    private static final String WRITE = """
            local cur = redis.call('HGET', KEYS[1], 'session')
            if ARGV[1] == 'refresh' and cur and cur ~= ARGV[3] then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'session', ARGV[3], 'key', ARGV[4], 'ip', ARGV[5], 'port', ARGV[6],
                'lan', ARGV[7], 'reachable', ARGV[8])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            local t = redis.call('TIME')
            redis.call('ZADD', KEYS[2], tostring(t[1] * 1000 + math.floor(t[2] / 1000) + tonumber(ARGV[2])), ARGV[9])
            return 1""";
    private static final String REMOVE = """
            if redis.call('HGET', KEYS[1], 'session') == ARGV[1] then
                redis.call('DEL', KEYS[1])
                redis.call('ZREM', KEYS[2], ARGV[2])
            end
            return 0""";
    private static final String NAMES = """
            local t = redis.call('TIME')
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tostring(t[1] * 1000 + math.floor(t[2] / 1000)))
            return redis.call('ZRANGE', KEYS[1], 0, -1)""";

    private final RedisStore store;
    private final String prefix;
    private final String online;
    private final Duration ttl;

    /** {@code ttl}: how long an entry outlives its last ping (more than the clients' ping interval). */
    public RedisPresenceStore(RedisStore store, String prefix, Duration ttl) {
        this.store = store;
        this.prefix = prefix + "presence:";
        this.online = prefix + "online";
        this.ttl = ttl;
    }

    @Override
    public void put(Presence presence) {
        write("put", presence);
    }

    @Override
    public boolean refresh(Presence presence) {
        return write("refresh", presence);
    }

    private boolean write(String mode, Presence p) {
        List<String> args = List.of(mode, Long.toString(ttl.toMillis()), Long.toString(p.sessionId()),
                Base64.getEncoder().encodeToString(p.publicKey()), p.publicIp(), Integer.toString(p.listenPort()),
                String.join(",", p.lanAddresses()), Boolean.toString(p.reachable()), p.name());
        Object written = store.run(j -> j.eval(WRITE, List.of(prefix + p.name(), online), args));
        return Long.valueOf(1).equals(written);
    }

    @Override
    public Optional<Presence> get(String name) {
        Map<String, String> h = store.run(j -> j.hgetAll(prefix + name));
        if (h.isEmpty() || !h.containsKey("session")) return Optional.empty();
        // LAN addresses travel comma-separated on the wire too, so a comma never occurs inside one.
        List<String> lan = h.get("lan").isEmpty() ? List.of() : Arrays.asList(h.get("lan").split(","));
        return Optional.of(new Presence(name, Base64.getDecoder().decode(h.get("key")), h.get("ip"),
                Integer.parseInt(h.get("port")), lan, Boolean.parseBoolean(h.get("reachable")),
                Long.parseLong(h.get("session"))));
    }

    @Override
    public void remove(String name, long sessionId) {
        store.run(j -> j.eval(REMOVE, List.of(prefix + name, online), List.of(Long.toString(sessionId), name)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> names() {
        List<String> names = new ArrayList<>((List<String>) store.run(j -> j.eval(NAMES, List.of(online), List.of())));
        names.sort(null);
        return names;
    }
}
