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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis Cluster of three masters (no replicas) on 127.0.0.1, free ports, data in a temporary directory, no
 * persistence, joined by {@code redis-cli --cluster create}; {@link #close()} stops the nodes and removes the
 * directory. Keys of one command or script must share a slot here, as on any cluster (else CROSSSLOT).
 */
public final class RedisClusterProcess implements AutoCloseable {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);
    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> nodes = new ArrayList<>();

    private RedisClusterProcess(Path dir) {
        this.dir = dir;
    }

    public static RedisClusterProcess start() throws IOException, InterruptedException {
        Path server = RealPeers.require("redis-server");
        Path cli = RealPeers.require("redis-cli");
        RedisClusterProcess c = new RedisClusterProcess(Files.createTempDirectory("redis-cluster-test"));
        try {
            for (int i = 0; i < 3; i++) c.launch(server);
            List<String> create = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
            for (int p : c.ports) create.add("127.0.0.1:" + p);
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(c.dir.resolve("create.log").toFile()).start();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("redis-cli --cluster create failed: " + Files.readString(c.dir.resolve("create.log")));
            }
            c.awaitState();
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The nodes' ports (any one of them is enough for a cluster client to find the rest). */
    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    private void launch(Path server) throws IOException, InterruptedException {
        int port = freePort();
        Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
        Process p = new ProcessBuilder(server.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir",
                nodeDir.toString(), "--save", "", "--appendonly", "no", "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf", "--protected-mode", "yes")
                .redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile()).start();
        nodes.add(p);
        ports.add(port);
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!"+PONG".equals(command(port, "PING"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("redis-server (cluster node) did not start: " + Files.readString(nodeDir.resolve("redis.log")));
            }
            p.waitFor(50, TimeUnit.MILLISECONDS); // bounded poll for the listening socket
        }
    }

    /** Waits (bounded) until every node says cluster_state:ok. */
    private void awaitState() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        for (int port : ports) {
            while (!command(port, "CLUSTER INFO").contains("cluster_state:ok")) {
                if (System.nanoTime() > deadline) throw new IOException("the cluster did not come up within 20 s");
                nodes.get(0).waitFor(50, TimeUnit.MILLISECONDS); // bounded poll, not a sync sleep
            }
        }
    }

    /** The slot the cluster itself computes for {@code key} (CLUSTER KEYSLOT; the key must need no quoting). */
    public int keySlot(String key) {
        String reply = command(ports.get(0), "CLUSTER KEYSLOT " + key);
        if (!reply.startsWith(":")) throw new IllegalStateException("CLUSTER KEYSLOT " + key + ": " + reply);
        return Integer.parseInt(reply.substring(1));
    }

    /** Empties every node (FLUSHALL on each master). */
    public void flushAll() {
        for (int port : ports) command(port, "FLUSHALL");
    }

    /** One inline command and the first reply chunk, or "" if the node does not answer. */
    private static String command(int port, String inline) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            int n = in.read(buf);
            if (n <= 0) return "";
            String first = new String(buf, 0, n, StandardCharsets.US_ASCII);
            if (first.startsWith("$")) { // a bulk string: read until it is complete
                int len = Integer.parseInt(first.substring(1, first.indexOf('\r')));
                StringBuilder all = new StringBuilder(first);
                while (all.length() < first.indexOf('\n') + 1 + len && (n = in.read(buf)) > 0) {
                    all.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
                }
                return all.toString();
            }
            return first.strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        // Cluster nodes also listen on port + 10000 (the cluster bus): keep both in range.
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                int p = s.getLocalPort();
                if (p + 10000 <= 65535) {
                    try (ServerSocket bus = new ServerSocket(p + 10000, 1, java.net.InetAddress.getLoopbackAddress())) {
                        return p;
                    } catch (IOException taken) {
                        // try another
                    }
                }
            }
        }
        throw new IOException("no free port pair for a cluster node");
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : nodes) p.destroyForcibly();
        for (Process p : nodes) p.waitFor(10, TimeUnit.SECONDS);
        nodes.clear();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
