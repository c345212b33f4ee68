package connectivity.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts TCP connections and serves each on its own virtual thread. A handler that throws ends its
 * own connection only; the listener keeps accepting. At most {@link Options#maxConnections} handlers run
 * at once; a connection past the cap is handed to the {@link Refusal} (by default: closed at once).
 */
public final class Listener implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);
    /** Refusals that may be running at once; past it a refused connection is closed without its refusal. */
    private static final int MAX_REFUSALS_IN_FLIGHT = 64;

    /** What a listener answers a connection it has no room for; runs on its own thread, the socket is closed after. */
    @FunctionalInterface
    public interface Refusal {
        void refuse(Connection connection) throws IOException;

        Refusal CLOSE = connection -> {};
    }

    /** How many connections a listener serves at once, and what the others get. */
    public record Options(int maxConnections, Refusal refusal) {
        /** Open connections per server unless told otherwise; well under a typical 20,000 descriptor limit. */
        public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

        public Options {
            if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
            Objects.requireNonNull(refusal);
        }

        public static Options defaults() {
            return new Options(DEFAULT_MAX_CONNECTIONS, Refusal.CLOSE);
        }

        public Options withMaxConnections(int max) {
            return new Options(max, refusal);
        }

        public Options withRefusal(Refusal r) {
            return new Options(maxConnections, r);
        }
    }

    private final ServerSocket serverSocket;
    private final ConnectionHandler handler;
    private final String name;
    private final Options options;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Semaphore refusals = new Semaphore(MAX_REFUSALS_IN_FLIGHT);
    private final Thread acceptor;
    private volatile boolean closing;

    private Listener(ServerSocket serverSocket, ConnectionHandler handler, String name, Options options) {
        this.serverSocket = serverSocket;
        this.handler = handler;
        this.name = name;
        this.options = options;
        AcceptLoop loop = new AcceptLoop(name, serverSocket::accept, () -> closing || serverSocket.isClosed(),
                this::admit, System::nanoTime, d -> Thread.sleep(d), log::warn);
        this.acceptor = Thread.ofVirtual().name(name + "-accept").unstarted(loop::run);
    }

    /** Binds {@code bind:port} (port 0 picks a free one) and starts accepting, with the default options. */
    public static Listener start(String name, InetAddress bind, int port, ConnectionHandler handler) throws IOException {
        return start(name, bind, port, handler, Options.defaults());
    }

    /** Binds {@code bind:port} (port 0 picks a free one) and starts accepting. */
    public static Listener start(String name, InetAddress bind, int port, ConnectionHandler handler, Options options)
            throws IOException {
        // A channel's socket: accepted sockets then have channels too (Connection.channel()).
        ServerSocket socket = ServerSocketChannel.open().socket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bind, port), 4096);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        Listener listener = new Listener(socket, handler, name, options);
        listener.acceptor.start();
        return listener;
    }

    public static Listener start(String name, String bind, int port, ConnectionHandler handler) throws IOException {
        return start(name, InetAddress.getByName(bind), port, handler);
    }

    public static Listener start(String name, String bind, int port, ConnectionHandler handler, Options options)
            throws IOException {
        return start(name, InetAddress.getByName(bind), port, handler, options);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    public int openConnections() {
        return open.size();
    }

    /** Connections admitted since the start (refused ones not counted). */
    public long acceptedConnections() {
        return accepted.get();
    }

    /** Connections turned away because {@link Options#maxConnections} were open. */
    public long refusedConnections() {
        return refused.get();
    }

    public int maxConnections() {
        return options.maxConnections();
    }

    /** Runs on the accept thread only, so the check and the increment cannot interleave with another admit. */
    private void admit(Socket socket) {
        if (active.get() >= options.maxConnections()) {
            refuse(socket);
            return;
        }
        active.incrementAndGet();
        accepted.incrementAndGet();
        Thread.ofVirtual().name(name + "-conn").start(() -> serve(socket));
    }

    private void refuse(Socket socket) {
        refused.incrementAndGet();
        if (options.refusal() == Refusal.CLOSE || !refusals.tryAcquire()) {
            closeQuietly(socket);
            return;
        }
        Thread.ofVirtual().name(name + "-refuse").start(() -> {
            try (Connection c = new Connection(socket)) {
                options.refusal().refuse(c);
            } catch (IOException | RuntimeException e) {
                log.debug("{}: refusing {} failed: {}", name, socket.getRemoteSocketAddress(), e.toString());
            } finally {
                closeQuietly(socket);
                refusals.release();
            }
        });
    }

    private void serve(Socket socket) {
        try {
            serveAdmitted(socket);
        } finally {
            active.decrementAndGet();
        }
    }

    private void serveAdmitted(Socket socket) {
        Connection connection;
        try {
            connection = new Connection(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            return;
        }
        open.add(connection);
        try {
            handler.handle(connection);
        } catch (IOException e) {
            log.debug("{}: {} ended: {}", name, connection, e.toString());
        } catch (RuntimeException | Error e) {
            log.warn("{}: handler failed on {}", name, connection, e);
        } finally {
            open.remove(connection);
            connection.close();
        }
    }

    /** Stops accepting; connections already open carry on until their handlers return. */
    public void stopAccepting() {
        closing = true;
        closeQuietly(serverSocket);
    }

    /**
     * Stops accepting, waits up to {@code grace} for open connections to finish on their own, then
     * closes whatever is left.
     */
    public void shutdown(Duration grace) {
        stopAccepting();
        long deadline = System.nanoTime() + grace.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(20); // polling a set that only shrinks; bounded by grace
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closeAllConnections();
    }

    public void closeAllConnections() {
        for (Connection c : open) c.close();
    }

    @Override
    public void close() {
        stopAccepting();
        closeAllConnections();
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
