package connectivity.call.client;

import connectivity.net.Connection;
import connectivity.net.Listener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP forwarder that can go dark: after {@link #freeze()} it forwards nothing more either way
 * and closes nothing, like a host that vanished without a FIN or a RST.
 */
final class FreezableProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final Listener listener;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean frozen;

    FreezableProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = Listener.start("freezable-proxy", "127.0.0.1", 0, this::forward);
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", listener.port());
    }

    void freeze() {
        frozen = true;
    }

    private void forward(Connection client) throws IOException {
        try (Connection upstream = Connection.dial(target, Duration.ofSeconds(5))) {
            Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
            pump(client, upstream);
            back.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump(Connection from, Connection to) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.input();
            OutputStream out = to.output();
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (frozen) {
                    // Hold the sockets open and silent until the test ends.
                    released.await(60, TimeUnit.SECONDS);
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            to.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        listener.close();
    }
}
