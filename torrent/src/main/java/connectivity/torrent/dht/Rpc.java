package connectivity.torrent.dht;

import connectivity.torrent.dht.KrpcMessage.Query;
import connectivity.torrent.dht.KrpcMessage.Response;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Our queries in flight: each gets a 2-byte transaction ID and waits, up to its timeout, for a response or
 * error with that ID from the address it was sent to. A reply from any other address is ignored (it does not
 * even cancel the wait), so a third party cannot answer for a node. The number in flight is capped.
 */
final class Rpc {
    /** A KRPC error the remote node answered with. */
    static final class RemoteError extends Exception {
        final int code;

        RemoteError(KrpcError e) {
            super(e.code() + " " + e.message());
            this.code = e.code();
        }
    }

    /** The query was not sent: too many in flight. */
    static final class Overloaded extends Exception {
        Overloaded() {
            super("too many queries in flight");
        }
    }

    private record Pending(InetSocketAddress to, CompletableFuture<Response> reply) {}

    private final DhtTransport transport;
    private final int maxPending;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextTid;
    private final AtomicInteger sent = new AtomicInteger();

    Rpc(DhtTransport transport, int maxPending, int firstTid) {
        this.transport = transport;
        this.maxPending = maxPending;
        this.nextTid = new AtomicInteger(firstTid);
    }

    /** Sends the query made for a fresh transaction ID; the future fails with a TimeoutException, RemoteError or Overloaded. */
    CompletableFuture<Response> query(InetSocketAddress to, Function<byte[], Query> make, Duration timeout) {
        if (pending.size() >= maxPending) return CompletableFuture.failedFuture(new Overloaded());
        int key;
        Pending p = new Pending(to, new CompletableFuture<>());
        do {
            key = nextTid.getAndIncrement() & 0xffff;
        } while (pending.putIfAbsent(key, p) != null);
        final int k = key;
        byte[] tid = {(byte) (key >>> 8), (byte) key};
        p.reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> pending.remove(k, p));
        sent.incrementAndGet();
        transport.send(to, KrpcCodec.encode(make.apply(tid)));
        return p.reply;
    }

    /**
     * Hands a response or error to the query waiting for it; false if none waits for this ID from this address.
     * {@code matched} runs first, so what it records (the routing table) is there when the waiter wakes.
     */
    boolean deliver(InetSocketAddress from, KrpcMessage m, Runnable matched) {
        byte[] tid = m.tid();
        if (tid.length != 2) return false;
        int key = (tid[0] & 0xff) << 8 | (tid[1] & 0xff);
        Pending p = pending.get(key);
        if (p == null || !p.to.equals(from) || p.reply.isDone()) return false;
        matched.run();
        boolean done = switch (m) {
            case Response r -> p.reply.complete(r);
            case KrpcError e -> p.reply.completeExceptionally(new RemoteError(e));
            case Query q -> false;
        };
        if (done) pending.remove(key, p);
        return done;
    }

    int inFlight() {
        return pending.size();
    }

    int sent() {
        return sent.get();
    }
}
