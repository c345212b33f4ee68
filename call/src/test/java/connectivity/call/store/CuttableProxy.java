package connectivity.call.store;

import connectivity.net.Connection;
import connectivity.net.Listener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder to Redis whose link can be cut: {@link #cut()} closes every forwarded connection and refuses new
 * ones (closed at once) until {@link #restore()}, as a network partition between one instance and Redis would.
 */
public final class CuttableProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final Listener listener;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    public CuttableProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = Listener.start("cuttable-proxy", "127.0.0.1", 0, this::forward);
    }

    /** A store whose connections go through this proxy. */
    public RedisStore store() {
        return new RedisStore(new StoreUri("127.0.0.1", listener.port(), 0), null, "proxied");
    }

    public void cut() {
        cut = true;
        open.forEach(Connection::close);
    }

    public void restore() {
        cut = false;
    }

    private void forward(Connection client) throws IOException {
        if (cut) {
            client.close();
            return;
        }
        try (Connection upstream = Connection.dial(target, Duration.ofSeconds(5))) {
            open.add(client);
            open.add(upstream);
            Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
            pump(client, upstream);
            back.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
            open.removeIf(c -> c.isClosed());
            client.close();
        }
    }

    private static void pump(Connection from, Connection to) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.input();
            OutputStream out = to.output();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // cut or closed: end both sides
        }
        to.close();
        from.close();
    }

    @Override
    public void close() {
        cut();
        listener.close();
    }
}
