package connectivity.http.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket server for edge cases: each accepted connection runs a script that writes whatever
 * bytes the test wants. It counts accepted connections and records every request head it reads
 * through {@link #readRequest}.
 */
final class FakeServer implements AutoCloseable {
    /** What to do on one connection; {@code index} counts connections from 0. */
    @FunctionalInterface
    interface Script {
        void serve(FakeServer server, Socket socket, int index) throws Exception;
    }

    /** A request as the fake saw it: the head text and the body it read. */
    record Request(String head, byte[] body) {
        String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        String method() {
            return requestLine().split(" ")[0];
        }

        String target() {
            return requestLine().split(" ")[1];
        }

        /** Value of a header, by case-insensitive name, or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).strip();
            }
            return null;
        }
    }

    private final ServerSocket serverSocket;
    private final Script script;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FakeServer(Script script) throws IOException {
        this.serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.script = script;
        this.acceptor = Thread.ofVirtual().name("fake-accept").start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                return;
            }
            int index = accepted.getAndIncrement();
            sockets.add(s);
            Thread.ofVirtual().name("fake-conn-" + index).start(() -> {
                try (s) {
                    script.serve(this, s, index);
                } catch (Exception e) {
                    if (!serverSocket.isClosed()) failures.add(e);
                } finally {
                    sockets.remove(s);
                }
            });
        }
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /**
     * Reads one request head (to the blank line) and a Content-Length body if any, and records it.
     * Returns null if the client closed the connection first.
     */
    Request readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                if (head.size() == 0) return null;
                throw new IOException("client closed inside the request head");
            }
            head.write(c);
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Request noBody = new Request(text, new byte[0]);
        String length = noBody.header("Content-Length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        Request request = new Request(text, body);
        requests.add(request);
        return request;
    }

    /** Writes text as ISO-8859-1 and flushes. */
    static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A complete 200 with a Content-Length body. */
    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length
                + "\r\nContent-Type: text/plain\r\n\r\n" + body;
    }

    /** Closes with a TCP reset instead of a FIN. */
    static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    @Override
    public void close() throws Exception {
        serverSocket.close();
        for (Socket s : sockets) s.close();
        acceptor.join(5000);
    }
}
