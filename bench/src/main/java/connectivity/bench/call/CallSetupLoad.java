package connectivity.bench.call;

import connectivity.call.client.Call;
import connectivity.call.client.CallClient;
import connectivity.call.client.CallClientConfig;
import connectivity.call.client.ClientEvents;
import connectivity.call.client.IncomingCall;
import connectivity.call.crypto.Identity;
import connectivity.call.relay.RelayTokens;
import connectivity.call.rendezvous.InMemoryNameRegistry;
import connectivity.call.rendezvous.InMemoryPresenceStore;
import connectivity.call.rendezvous.RedisNameRegistry;
import connectivity.call.rendezvous.RedisPresenceStore;
import connectivity.call.rendezvous.RedisSignalBus;
import connectivity.call.rendezvous.RendezvousServer;
import connectivity.call.store.RedisStore;
import connectivity.call.store.StoreUri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for bench/call-setup-redis.sh: call set-up (dial until the call is up: CALL, ring, answer, a direct
 * connection and the handshake) through a rendezvous in memory, one instance on Redis, and two instances on one Redis
 * (every caller on the first, every callee on the second). PAIRS callers dial their own callee in a loop for SECONDS;
 * each call is hung up as soon as it is up. Prints one line per set-up: name, calls, calls/s, median and p90 set-up
 * ms, and Redis commands sent per call (from INFO commandstats: the commands only a client sends, the stream readers'
 * XREADs included).
 *
 * <pre>
 * CallSetupLoad REDIS_URI PAIRS SECONDS
 * </pre>
 */
public final class CallSetupLoad {
    private static final String PREFIX = "bench:call:";
    /** What only a client sends; everything else in commandstats runs inside a script. */
    private static final Set<String> SENT = Set.of("eval", "evalsha", "hgetall", "exists", "time", "xread", "xrevrange");

    public static void main(String[] args) throws Exception {
        StoreUri redis = StoreUri.parse(args[0]);
        int pairs = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("call-setup");
        // A round unmeasured first, so that no set-up gains from running after the others warmed the JIT.
        for (boolean measured : new boolean[] {false, true}) {
            int s = measured ? seconds : Math.max(2, seconds / 3);
            run("memory, 1 instance", null, 1, pairs, s, dir, measured);
            run("redis, 1 instance", redis, 1, pairs, s, dir, measured);
            run("redis, 2 instances", redis, 2, pairs, s, dir, measured);
        }
    }

    private static void run(String label, StoreUri redis, int instances, int pairs, int seconds, Path dir, boolean print)
            throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            RedisStore admin = null;
            if (redis != null) {
                admin = new RedisStore(redis, null, "bench-admin");
                open.add(admin);
                admin.run(j -> j.flushDB());
            }
            List<RendezvousServer> servers = new ArrayList<>();
            for (int i = 0; i < instances; i++) servers.add(server(redis, open));
            List<CallClient> callers = new ArrayList<>();
            for (int p = 0; p < pairs; p++) {
                callee("callee" + p, servers.get(servers.size() - 1), dir, open);
                callers.add(client("caller" + p, servers.get(0), dir, new ClientEvents() {}, open));
            }
            measure(callers, 2, null); // warm-up: JIT, connection pools, the stream readers' positions
            long before = sent(admin);
            ConcurrentLinkedQueue<Long> setups = new ConcurrentLinkedQueue<>();
            long started = System.nanoTime();
            measure(callers, seconds, setups);
            double elapsed = (System.nanoTime() - started) / 1e9;
            long commands = sent(admin) - before;
            List<Long> sorted = new ArrayList<>(setups);
            Collections.sort(sorted);
            int n = sorted.size();
            if (print) System.out.printf("%s|%d|%.1f|%.2f|%.2f|%s%n", label, n, n / elapsed, sorted.get(n / 2) / 1e6,
                    sorted.get((int) (n * 0.9)) / 1e6, admin == null ? "-" : String.format("%.1f", (double) commands / n));
        } finally {
            Collections.reverse(open);
            for (AutoCloseable c : open) c.close();
        }
    }

    private static RendezvousServer server(StoreUri redis, List<AutoCloseable> open) throws IOException {
        var config = RendezvousServer.Config.defaults(new RelayTokens(new byte[32]));
        RendezvousServer s;
        if (redis == null) {
            s = new RendezvousServer(config, new InMemoryNameRegistry(), new InMemoryPresenceStore());
        } else {
            RedisStore store = new RedisStore(redis, null, "bench-rendezvous");
            open.add(store);
            s = new RendezvousServer(config, new RedisNameRegistry(store, PREFIX),
                    new RedisPresenceStore(store, PREFIX, config.pingInterval().multipliedBy(2).plusSeconds(5)),
                    new RedisSignalBus(store, PREFIX));
        }
        open.add(s);
        return s.start("127.0.0.1", 0);
    }

    private static CallClient client(String name, RendezvousServer at, Path dir, ClientEvents events, List<AutoCloseable> open)
            throws IOException {
        CallClientConfig config = CallClientConfig.builder(name, new InetSocketAddress("127.0.0.1", at.port()))
                .listen(new InetSocketAddress("127.0.0.1", 0)).saveTo(dir).oneCallAtATime(false).build();
        CallClient c = new CallClient(config, Identity.generate(), events).start();
        open.add(c);
        return c;
    }

    private static void callee(String name, RendezvousServer at, Path dir, List<AutoCloseable> open) throws IOException {
        client(name, at, dir, new ClientEvents() {
            @Override
            public void incoming(IncomingCall call) {
                try {
                    call.accept();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, open);
    }

    /** Every caller dials its callee until {@code seconds} are up; set-up times go to {@code setups} if given. */
    private static void measure(List<CallClient> callers, int seconds, ConcurrentLinkedQueue<Long> setups) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers.size(); i++) {
            CallClient caller = callers.get(i);
            String callee = "callee" + i;
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        Call call = caller.dial(callee);
                        long took = System.nanoTime() - t0;
                        if (setups != null) setups.add(took);
                        call.hangup();
                    } catch (IOException e) {
                        if (failures.incrementAndGet() == 1) System.err.println("call failed: " + e.getMessage());
                    }
                }
            }));
        }
        for (Thread t : threads) t.join(Duration.ofSeconds(seconds + 60));
        if (failures.get() > 0) System.err.println(failures.get() + " calls failed");
    }

    private static long sent(RedisStore admin) {
        if (admin == null) return 0;
        String info = admin.run(j -> j.info("commandstats"));
        long n = 0;
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) continue;
            String name = line.substring(8, line.indexOf(':'));
            if (!SENT.contains(name)) continue;
            int at = line.indexOf("calls=") + 6;
            n += Long.parseLong(line.substring(at, line.indexOf(',', at)));
        }
        return n;
    }
}
