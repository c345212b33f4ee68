package connectivity.call.store;

import connectivity.net.testing.RedisProcess;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real redis-server for a test class, and stores on it that start from an empty database. Registered as
 * {@code @RegisterExtension static final RedisFixture redis = new RedisFixture();}: the server starts before the
 * class's tests, the stores a test opened are closed after it (after the class's own {@code @AfterEach}), and the
 * server stops after the class.
 */
public final class RedisFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    /** The server; {@link RedisProcess#stop()} and {@link RedisProcess#restart()} are for fault tests. */
    public RedisProcess redis;
    private final List<RedisStore> stores = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        redis = RedisProcess.start();
    }

    /** A new connection pool, as a new server process would open. */
    public RedisStore store() {
        RedisStore s = new RedisStore(StoreUri.parse(redis.uri()), null, "test");
        stores.add(s);
        return s;
    }

    /** A store on an emptied database. */
    public RedisStore freshStore() {
        RedisStore s = store();
        s.run(j -> j.flushAll());
        return s;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stores.forEach(RedisStore::close);
        stores.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        afterEach(context);
        if (redis != null) redis.close();
    }
}
