package connectivity.torrent.dht;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Datagrams between in-process nodes, delivered in order by one thread; a killed address drops everything. */
final class InMemoryNetwork implements AutoCloseable {
    private record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] bytes) {}

    private final Map<InetSocketAddress, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Set<InetSocketAddress> dead = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Datagram> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger next = new AtomicInteger(1);
    final AtomicInteger delivered = new AtomicInteger();
    private final Thread pump;

    InMemoryNetwork() {
        pump = Thread.ofPlatform().daemon().name("in-memory-dht").start(() -> {
            try {
                while (true) {
                    Datagram d = queue.take();
                    Endpoint e = endpoints.get(d.to);
                    if (e == null || e.receiver == null || dead.contains(d.to) || dead.contains(d.from)) continue;
                    delivered.incrementAndGet();
                    e.receiver.received(d.from, d.bytes);
                }
            } catch (InterruptedException e) {
                // closed
            }
        });
    }

    /** A transport at a fresh address 10.x.y.z:6881 (distinct IPs, so per-IP limits act as on the Internet). */
    DhtTransport transport() {
        int n = next.getAndIncrement();
        try {
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n}), 6881);
            Endpoint e = new Endpoint(a);
            endpoints.put(a, e);
            return e;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A transport at a chosen address. */
    DhtTransport transport(InetSocketAddress a) {
        Endpoint e = new Endpoint(a);
        endpoints.put(a, e);
        return e;
    }

    void kill(InetSocketAddress a) {
        dead.add(a);
    }

    /** Sends raw bytes as if from {@code from}. */
    void inject(InetSocketAddress from, InetSocketAddress to, byte[] bytes) {
        queue.add(new Datagram(from, to, bytes));
    }

    @Override
    public void close() {
        pump.interrupt();
    }

    private final class Endpoint implements DhtTransport {
        final InetSocketAddress address;
        volatile Receiver receiver;

        Endpoint(InetSocketAddress address) {
            this.address = address;
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public void send(InetSocketAddress to, byte[] datagram) {
            queue.add(new Datagram(address, to, datagram));
        }

        @Override
        public void start(Receiver r) {
            receiver = r;
        }

        @Override
        public void close() {
            endpoints.remove(address);
        }
    }
}
