package connectivity.torrent.swarm;

import connectivity.net.Connection;
import connectivity.torrent.peer.Handshake;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.PeerId;
import connectivity.torrent.peer.WireCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
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
    /**
     * Socket buffering on each side. Large, so that a stream of blocks goes out in a few big writes (the writer
     * flushes only when it has nothing more queued) and comes in with few reads.
     */
    private static final int STREAM_BUFFER = 256 * 1024;
    /** Blocks to serve are read from disk this much at a time: peers ask for the blocks of a piece in order. */
    private static final int READ_AHEAD = 256 * 1024;

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
    private final PeerInput input;
    final DataOutputStream out;

    // Guarded by the swarm's lock.
    final BitSet has = new BitSet();
    boolean sentPieces; // bitfield, have-all or have-none seen
    final Set<Long> outstanding = new LinkedHashSet<>();
    final BitSet everRequested;
    /** Pieces it lets us fetch while it chokes us (BEP 6). */
    final BitSet allowedFast = new BitSet();
    /** Pieces we let it fetch while we choke it (BEP 6). */
    final BitSet allowedFastGiven = new BitSet();
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
    private volatile Thread reader;
    private final List<Object> held = new ArrayList<>(); // only the reader thread touches it

    PeerLink(Swarm swarm, Connection connection, Handshake theirs, boolean outgoing, int totalBlocks) throws IOException {
        this.swarm = swarm;
        this.connection = connection;
        this.address = connection.remoteAddress();
        this.outgoing = outgoing;
        this.peerId = theirs.peerId();
        this.fast = theirs.supportsFast();
        this.extensions = theirs.supportsExtensions();
        this.name = address.getAddress().getHostAddress() + ":" + address.getPort() + " " + PeerId.describe(peerId);
        // Layered on the connection's own streams, which may already hold bytes read past the handshake.
        this.input = new PeerInput(connection.input());
        this.in = new DataInputStream(input);
        this.out = new DataOutputStream(new BufferedOutputStream(connection.output(), STREAM_BUFFER));
        this.everRequested = new BitSet(totalBlocks);
        connection.readTimeout(READ_TIMEOUT);
    }

    /** The key bans use: a peer is its address plus its id. */
    String banKey() {
        return address.getAddress().getHostAddress() + "/" + HexFormat.of().formatHex(peerId);
    }

    void send(Message m) {
        enqueue(m);
    }

    void queueUpload(Upload u) {
        enqueue(u);
    }

    /**
     * What the reader thread sends while handling a run of messages waits in {@link #held} until it has read
     * all it has buffered, then goes to the writer at once: one wake-up of the writer per run, not one per
     * message (a peer's requests, and our requests in answer to its blocks, come many to a TCP segment).
     */
    private void enqueue(Object item) {
        if (closed) return;
        if (Thread.currentThread() == reader) held.add(item);
        else outbox.add(item);
    }

    /** Reads until the peer goes or breaks the protocol; the swarm hears of every message. */
    void run(WireCodec codec) throws IOException {
        writer = Thread.ofVirtual().name("peer-write " + name).start(this::writeLoop);
        reader = Thread.currentThread();
        try {
            while (!closed) {
                Message m = codec.read(in);
                swarm.onMessage(this, m);
                if (input.buffered() == 0 && !held.isEmpty()) {
                    outbox.addAll(held);
                    held.clear();
                }
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
                } else if (next instanceof Upload u && uploads.remove(Swarm.key(u.piece(), u.begin()))) { // else cancelled, or choked
                    boolean limited = swarm.awaitUploadAllowance(u.length());
                    int at = readAhead(u);
                    WireCodec.writePieceHeader(out, u.piece(), u.begin(), u.length());
                    out.write(window, at, u.length());
                    up.add(u.length());
                    swarm.uploaded(u.length());
                    if (limited) out.flush(); // paced: each block leaves as it is allowed, not in bursts
                }
                if (outbox.isEmpty()) out.flush();
            }
        } catch (IOException e) {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // The writer thread's read-ahead window: bytes [windowBegin, windowBegin + windowLength) of piece windowPiece.
    private byte[] window;
    private int windowPiece = -1, windowBegin, windowLength;

    /** Makes the window hold the upload's bytes, reading from disk only when it does not; returns their offset in it. */
    private int readAhead(Upload u) throws IOException {
        if (u.piece() != windowPiece || u.begin() < windowBegin || u.begin() + u.length() > windowBegin + windowLength) {
            if (window == null) window = new byte[READ_AHEAD];
            int length = Math.max(u.length(), Math.min(READ_AHEAD, swarm.layout().pieceSize(u.piece()) - u.begin()));
            windowPiece = -1; // stays invalid if the read fails
            swarm.readBlock(u.piece(), u.begin(), window, length);
            windowPiece = u.piece();
            windowBegin = u.begin();
            windowLength = length;
        }
        return u.begin() - windowBegin;
    }

    void close() {
        if (closed) return;
        closed = true;
        outbox.clear();
        outbox.add(STOP);
        connection.close();
    }

    /** The peer's stream, buffered, able to tell whether the next read would go to the socket. */
    private static final class PeerInput extends BufferedInputStream {
        PeerInput(InputStream in) {
            super(in, STREAM_BUFFER);
        }

        /** Bytes already read from the socket and not yet consumed (no system call, unlike {@link #available}). */
        int buffered() {
            return count - pos;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
