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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts TCP connections and serves each on its own virtual thread. A handler that throws ends its
 * own connection only; the listener keeps accepting.
 */
public final class Listener implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);

    private final ServerSocket serverSocket;
    private final ConnectionHandler handler;
    private final String name;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closing;

    private Listener(ServerSocket serverSocket, ConnectionHandler handler, String name) {
        this.serverSocket = serverSocket;
        this.handler = handler;
        this.name = name;
        this.acceptor = Thread.ofVirtual().name(name + "-accept").unstarted(this::acceptLoop);
    }

    /** Binds {@code bind:port} (port 0 picks a free one) and starts accepting. */
    public static Listener start(String name, InetAddress bind, int port, ConnectionHandler handler) throws IOException {
        // A channel's socket: accepted sockets then have channels too (Connection.channel()).
        ServerSocket socket = ServerSocketChannel.open().socket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bind, port), 4096);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        Listener listener = new Listener(socket, handler, name);
        listener.acceptor.start();
        return listener;
    }

    public static Listener start(String name, String bind, int port, ConnectionHandler handler) throws IOException {
        return start(name, InetAddress.getByName(bind), port, handler);
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

    public long acceptedConnections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closing) log.warn("{}: accept failed: {}", name, e.toString());
                if (serverSocket.isClosed()) return;
                continue;
            }
            accepted.incrementAndGet();
            Thread.ofVirtual().name(name + "-conn").start(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
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
