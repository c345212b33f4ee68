package connectivity.call.store;

import connectivity.net.testing.RedisProcess;
import java.io.IOException;

/** One real redis-server for a test class, and stores on it that start from an empty database. */
public final class RedisFixture implements AutoCloseable {
    public final RedisProcess redis;
    private final java.util.List<RedisStore> stores = new java.util.ArrayList<>();

    public RedisFixture() throws IOException, InterruptedException {
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

    public void closeStores() {
        stores.forEach(RedisStore::close);
        stores.clear();
    }

    @Override
    public void close() throws InterruptedException {
        closeStores();
        redis.close();
    }
}
