package connectivity.bench.tracker;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.tracker.udp.UdpCodec;
import connectivity.torrent.tracker.udp.UdpMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for bench/udp-tracker-vs-opentracker.sh: BEP 15 announces to a UDP tracker on 127.0.0.1 for many
 * distinct peers (16 info-hashes, ports 1025 and up, a peer id each), numwant fixed, each of THREADS sockets
 * keeping WINDOW announces in flight. Counts the announce replies over SECONDS after one second of warm-up and prints
 * "ANNOUNCES_PER_SECOND ERRORS_PER_SECOND REPLIES", the last all replies including the warm-up's (what the tracker
 * served, for per-announce costs such as Redis round trips). Several comma-separated ports spread the sockets over
 * several trackers (socket t goes to port t mod n).
 *
 * <pre>
 * PORT[,PORT...] SECONDS [THREADS=2] [WINDOW=32] [PEERS=100000] [NUMWANT=50]
 * </pre>
 */
public final class UdpAnnounceLoad {
    /** The info-hashes announced to: byte 0 is 0..15, the rest 0xAB (opentracker's whitelist lists them). */
    static InfoHash hash(int i) {
        byte[] h = new byte[20];
        java.util.Arrays.fill(h, (byte) 0xAB);
        h[0] = (byte) i;
        return new InfoHash(h);
    }

    public static void main(String[] args) throws Exception {
        String[] ports = args[0].split(",");
        int seconds = Integer.parseInt(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int window = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        int peers = args.length > 4 ? Integer.parseInt(args[4]) : 100_000;
        int numwant = args.length > 5 ? Integer.parseInt(args[5]) : 50;
        if (peers / 16 > 60_000) throw new IllegalArgumentException("at most 960000 peers (16 hashes x 60000 ports)");
        AtomicLong ok = new AtomicLong(), errors = new AtomicLong(), replies = new AtomicLong();
        long warmUpEnd = System.nanoTime() + 1_000_000_000L;
        long end = warmUpEnd + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", Integer.parseInt(ports[t % ports.length]));
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    run(target, first, threads, window, peers, numwant, warmUpEnd, end, ok, errors, replies);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        for (Thread w : workers) w.join();
        System.out.printf(java.util.Locale.ROOT, "%.0f %.0f %d%n", ok.get() / (double) seconds, errors.get() / (double) seconds, replies.get());
    }

    private static void run(InetSocketAddress target, int first, int stride, int window, int peers, int numwant, long warmUpEnd, long end,
            AtomicLong ok, AtomicLong errors, AtomicLong replies) throws IOException {
        try (DatagramSocket ch = new DatagramSocket()) {
            ch.connect(target);
            ch.setSoTimeout(200);
            // Built before the clock starts, so the generator spends its time sending, not formatting.
            byte[][] packets = packets(connect(ch), first, stride, peers, numwant);
            long connectedAt = System.nanoTime();
            DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            int next = 0;
            for (int i = 0; i < window; i++) send(ch, packets[next++ % packets.length]);
            long localOk = 0, localErrors = 0, localReplies = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) break;
                if (now - connectedAt > 50_000_000_000L) { // ids last a minute or two: renew well before
                    long cid = connect(ch);
                    for (byte[] p : packets) ByteBuffer.wrap(p).putLong(0, cid);
                    connectedAt = System.nanoTime();
                    for (int i = 0; i < window; i++) send(ch, packets[next++ % packets.length]);
                }
                in.setLength(2048);
                try {
                    ch.receive(in);
                } catch (SocketTimeoutException e) {
                    for (int i = 0; i < window; i++) send(ch, packets[next++ % packets.length]); // replies lost: refill
                    continue;
                }
                localReplies++;
                if (now >= warmUpEnd) {
                    if (in.getLength() >= 4 && ByteBuffer.wrap(in.getData(), 0, 4).getInt() == UdpCodec.ANNOUNCE) localOk++;
                    else localErrors++;
                }
                send(ch, packets[next++ % packets.length]);
            }
            ok.addAndGet(localOk);
            errors.addAndGet(localErrors);
            replies.addAndGet(localReplies);
        }
    }

    /** This socket's share of the peers (every stride-th from first), one announce each. */
    private static byte[][] packets(long cid, int first, int stride, int peers, int numwant) {
        int n = (peers - first + stride - 1) / stride;
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            int peer = first + i * stride;
            byte[] id = String.format("-BN0001-%012d", peer).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            out[i] = UdpCodec.encode(new UdpMessage.Announce(cid, peer, hash(peer % 16), id, 0, peer % 3 == 0 ? 0 : 1000, 0, 0, 0, peer,
                    numwant, 1025 + peer / 16, Optional.empty()));
        }
        return out;
    }

    private static void send(DatagramSocket ch, byte[] packet) throws IOException {
        ch.send(new DatagramPacket(packet, packet.length));
    }

    private static long connect(DatagramSocket ch) throws IOException {
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        long giveUp = System.nanoTime() + 10_000_000_000L;
        for (int attempt = 0; System.nanoTime() < giveUp; attempt++) {
            byte[] c = UdpCodec.encode(new UdpMessage.Connect(attempt));
            ch.send(new DatagramPacket(c, c.length));
            long deadline = System.nanoTime() + 200_000_000L;
            while (System.nanoTime() < deadline) {
                in.setLength(2048);
                try {
                    ch.receive(in);
                } catch (SocketTimeoutException e) {
                    break;
                } catch (java.net.PortUnreachableException e) {
                    sleepQuietly(); // the tracker is not up yet
                    break;
                }
                ByteBuffer b = ByteBuffer.wrap(in.getData(), 0, in.getLength());
                if (in.getLength() == 16 && b.getInt(0) == UdpCodec.CONNECT && b.getInt(4) == attempt) return b.getLong(8);
            }
        }
        throw new IOException("no connect reply from " + ch.getRemoteSocketAddress());
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
