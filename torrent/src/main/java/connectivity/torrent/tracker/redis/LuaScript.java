package connectivity.torrent.tracker.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One of the store's scripts, run by its SHA-1 so an announce sends only the digest; a server that lost its
 * script cache (restarted, flushed) gets the body once and keeps it again.
 */
final class LuaScript {
    private final byte[] body;
    private final byte[] sha;

    private LuaScript(String text) {
        body = text.getBytes(StandardCharsets.UTF_8);
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body)).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-1
        }
    }

    /** {@code common.lua} followed by {@code name}, from the classpath. */
    static LuaScript load(String name) {
        return new LuaScript(resource("common.lua") + resource(name));
    }

    private static String resource(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] sha() {
        return sha.clone();
    }

    /** Makes sure the server has it, so a pipeline of EVALSHA does not meet NOSCRIPT. */
    void preload(UnifiedJedis redis) {
        redis.scriptLoad(new String(body, StandardCharsets.UTF_8));
    }

    Object run(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            return redis.eval(body, keys, args);
        }
    }
}
