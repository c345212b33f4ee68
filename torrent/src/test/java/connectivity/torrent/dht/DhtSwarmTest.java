package connectivity.torrent.dht;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.meta.InfoHash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many of our nodes in one JVM over real UDP, each on its own 127.1.x.y address (port 0), so per-IP limits
 * act as between hosts: 1,000 nodes and 300 info-hashes by default (about 40 s on two shared cores; docs/dht.md
 * has the numbers), {@code -Ddht.swarm.nodes=N -Ddht.swarm.hashes=M} for other sizes.
 */
@Timeout(600)
class DhtSwarmTest {
    private static final int NODES = Integer.getInteger("dht.swarm.nodes", 1000);
    private static final int HASHES = Integer.getInteger("dht.swarm.hashes", 300);
    private static final DhtConfig CONFIG = DhtConfig.defaults().withQueryTimeout(Duration.ofMillis(700));

    private final List<DhtNode> nodes = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        nodes.forEach(DhtNode::close);
    }

    /** 127.1.x.y with y in 1..254 (the kernel refuses to bind x.255). */
    private static InetAddress address(int i) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 1, (byte) (i / 254), (byte) (i % 254 + 1)});
    }

    private DhtNode start(int i, List<InetSocketAddress> bootstrap) throws IOException {
        DhtNode n = DhtNode.start(CONFIG, UdpTransport.bind(new InetSocketAddress(address(i), 0)), Clock.systemUTC(), Optional.empty(),
                bootstrap, Optional.empty());
        nodes.add(n);
        return n;
    }

    private record Outcome(boolean found, int hops, int queries) {}

    @Test
    void lookupsFindTheAnnouncerBeforeAndAfterAFifthOfTheNodesDie() throws Exception {
        Random random = new Random(2026);
        long t0 = System.nanoTime();
        System.gc();
        long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        DhtNode first = start(0, List.of());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore joining = new Semaphore(16);
            List<Future<?>> joins = new ArrayList<>();
            for (int i = 1; i < NODES; i++) {
                DhtNode n = start(i, List.of(first.address()));
                joins.add(pool.submit(() -> {
                    joining.acquireUninterruptibly();
                    try {
                        n.bootstrap(Duration.ofSeconds(20));
                    } finally {
                        joining.release();
                    }
                }));
            }
            for (Future<?> f : joins) f.get();
        }
        System.gc();
        long heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        double tables = nodes.stream().mapToInt(DhtNode::tableSize).average().orElse(0);
        System.out.printf("dht swarm: %d nodes joined in %.1f s, %.0f nodes per table, about %d KiB heap per node%n", NODES,
                (System.nanoTime() - t0) / 1e9, tables, (heapAfter - heapBefore) / NODES / 1024);

        List<InfoHash> hashes = new ArrayList<>();
        List<InetSocketAddress> announced = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore busy = new Semaphore(16);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < HASHES; i++) {
                byte[] b = new byte[20];
                random.nextBytes(b);
                InfoHash h = new InfoHash(b);
                DhtNode announcer = nodes.get(random.nextInt(nodes.size()));
                int port = 10_000 + i;
                hashes.add(h);
                announced.add(new InetSocketAddress(announcer.address().getAddress(), port));
                done.add(pool.submit(() -> {
                    busy.acquireUninterruptibly();
                    try {
                        announcer.announce(h, port, Duration.ofSeconds(20));
                    } finally {
                        busy.release();
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        }
        System.out.printf("dht swarm: %d announces done at %.1f s%n", HASHES, (System.nanoTime() - t0) / 1e9);

        double before = lookups("all alive", new ArrayList<>(nodes), hashes, announced, random);
        List<DhtNode> alive = new ArrayList<>(nodes);
        Collections.shuffle(alive, random);
        for (DhtNode dead : new ArrayList<>(alive.subList(0, NODES / 5))) {
            dead.close();
            alive.remove(dead);
        }
        double after = lookups("a fifth killed", alive, hashes, announced, random);
        System.out.printf("dht swarm: finished at %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(before).isGreaterThanOrEqualTo(0.99);
        assertThat(after).isGreaterThanOrEqualTo(0.98);
    }

    private static double lookups(String phase, List<DhtNode> alive, List<InfoHash> hashes, List<InetSocketAddress> announced, Random random)
            throws Exception {
        List<Future<Outcome>> outcomes = new ArrayList<>();
        long t = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore busy = new Semaphore(16);
            for (int i = 0; i < hashes.size(); i++) {
                DhtNode seeker = alive.get(random.nextInt(alive.size()));
                InfoHash h = hashes.get(i);
                InetSocketAddress want = announced.get(i);
                outcomes.add(pool.submit(() -> {
                    busy.acquireUninterruptibly();
                    try {
                        LookupResult r = seeker.lookup(h, Duration.ofSeconds(20));
                        return new Outcome(r.peers().contains(want), r.hops(), r.queries());
                    } finally {
                        busy.release();
                    }
                }));
            }
        }
        int found = 0;
        long hops = 0, queries = 0;
        for (Future<Outcome> f : outcomes) {
            Outcome o = f.get();
            if (o.found) found++;
            hops += o.hops;
            queries += o.queries;
        }
        int n = hashes.size();
        System.out.printf("dht swarm (%s, %d nodes): found %d/%d, %.2f hops, %.1f queries per lookup, %.1f s%n", phase, alive.size(), found, n,
                hops / (double) n, queries / (double) n, (System.nanoTime() - t) / 1e9);
        return found / (double) n;
    }
}
