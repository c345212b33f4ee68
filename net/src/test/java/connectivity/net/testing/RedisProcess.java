package connectivity.net.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for a test: on 127.0.0.1, a free port, its data in a temporary directory, no
 * persistence; {@link #close()} stops it and removes the directory. Missing redis-server fails under CI and skips
 * elsewhere ({@link RealPeers}). {@link #stop()} and {@link #restart()} let fault tests take it away and back on
 * the same port.
 */
public final class RedisProcess implements AutoCloseable {
    private static final long START_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final Path program;
    private final Path dir;
    private final int port;
    private Process process;

    private RedisProcess(Path program, Path dir, int port) {
        this.program = program;
        this.dir = dir;
        this.port = port;
    }

    /** Starts one; a port taken between our probe and its bind is retried on another. */
    public static RedisProcess start() throws IOException, InterruptedException {
        Path program = RealPeers.require("redis-server");
        Path dir = Files.createTempDirectory("redis-test");
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            RedisProcess r = new RedisProcess(program, dir, freePort());
            try {
                r.launch();
                return r;
            } catch (IOException e) {
                last = e;
                r.stop();
            }
        }
        deleteTree(dir);
        throw last;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}, as the servers' {@code --store} option takes it. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills it (as a crash would); {@link #restart()} brings it back empty on the same port. */
    public void stop() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        process = null;
    }

    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(program.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--protected-mode", "yes")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + START_DEADLINE_NANOS;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            if (answersPing()) return;
            process.waitFor(50, TimeUnit.MILLISECONDS); // bounded poll for the listening socket, not a sync sleep
        }
        throw new IOException("redis-server did not answer PING within 10 s on port " + port);
    }

    private boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; nothing to keep
        }
    }
}
