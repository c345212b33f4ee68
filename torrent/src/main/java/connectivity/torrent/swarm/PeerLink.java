package connectivity.torrent.swarm;

import connectivity.net.Connection;
import connectivity.torrent.peer.Handshake;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.PeerId;
import connectivity.torrent.peer.WireCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One connected peer. Its connection's thread reads and dispatches messages to the swarm; a second
 * virtual thread writes, so that a peer busy sending us blocks never stalls our sending to it (two
 * peers both blocked on write, neither reading, would deadlock).
 */
final class PeerLink {
    static final Duration READ_TIMEOUT = Duration.ofMinutes(3);
    static final long KEEP_ALIVE_SECONDS = 60;
    private static final Object STOP = new Object();

    /** A block the peer asked for, read from disk only when its turn to be sent comes. */
    record Upload(int piece, int begin, int length) {}

    final Swarm swarm;
    final Connection connection;
    final InetSocketAddress address;
    final boolean outgoing;
    final byte[] peerId;
    final boolean fast;
    final boolean extensions;
    final String name;
    final DataInputStream in;
    final DataOutputStream out;

    // Guarded by the swarm's lock.
    final BitSet has = new BitSet();
    boolean sentPieces; // bitfield, have-all or have-none seen
    final Set<Long> outstanding = new LinkedHashSet<>();
    final BitSet everRequested;
    final BitSet allowedFast = new BitSet();
    int queueDepth;
    int peerQueueLimit = 250;
    long lastDataNanos = System.nanoTime();
    int strikes;
    InetSocketAddress listenAddress;
    String client = "";

    volatile boolean amChoking = true, amInterested, peerChoking = true, peerInterested;
    volatile boolean closed;
    final RateMeter down = new RateMeter();
    final RateMeter up = new RateMeter();
    final Set<Long> uploads = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    private Thread writer;

    PeerLink(Swarm swarm, Connection connection, Handshake theirs, boolean outgoing, int totalBlocks) throws IOException {
        this.swarm = swarm;
        this.connection = connection;
        this.address = connection.remoteAddress();
        this.outgoing = outgoing;
        this.peerId = theirs.peerId();
        this.fast = theirs.supportsFast();
        this.extensions = theirs.supportsExtensions();
        this.name = address.getAddress().getHostAddress() + ":" + address.getPort() + " " + PeerId.describe(peerId);
        this.in = new DataInputStream(connection.input());
        this.out = new DataOutputStream(connection.output());
        this.everRequested = new BitSet(totalBlocks);
        connection.readTimeout(READ_TIMEOUT);
    }

    /** The key bans use: a peer is its address plus its id. */
    String banKey() {
        return address.getAddress().getHostAddress() + "/" + HexFormat.of().formatHex(peerId);
    }

    void send(Message m) {
        if (!closed) outbox.add(m);
    }

    void queueUpload(Upload u) {
        if (!closed) outbox.add(u);
    }

    /** Reads until the peer goes or breaks the protocol; the swarm hears of every message. */
    void run(WireCodec codec) throws IOException {
        writer = Thread.ofVirtual().name("peer-write " + name).start(this::writeLoop);
        try {
            while (!closed) {
                Message m = codec.read(in);
                swarm.onMessage(this, m);
            }
        } finally {
            close();
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                Object next = outbox.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (next == STOP) return;
                if (next == null) next = Message.KEEP_ALIVE;
                if (next instanceof Message m) {
                    WireCodec.write(out, m);
                } else if (next instanceof Upload u) {
                    if (!uploads.remove(Swarm.key(u.piece(), u.begin()))) continue; // cancelled, or we choked it
                    byte[] data = swarm.readBlock(u.piece(), u.begin(), u.length());
                    WireCodec.writePieceHeader(out, u.piece(), u.begin(), data.length);
                    out.write(data);
                    up.add(data.length);
                    swarm.uploaded(data.length);
                }
                if (outbox.isEmpty()) out.flush();
            }
        } catch (IOException e) {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        if (closed) return;
        closed = true;
        outbox.clear();
        outbox.add(STOP);
        connection.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
