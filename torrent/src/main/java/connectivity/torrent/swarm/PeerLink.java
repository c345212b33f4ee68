package connectivity.torrent.swarm;

import connectivity.net.Connection;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.WireCodec;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One peer's connection: its thread reads messages and hands them to the peer's {@link PeerSession}; a second
 * virtual thread writes, so that a peer busy sending us blocks never stalls our sending to it (two peers both
 * blocked on write, neither reading, would deadlock). Blocks come in to a direct buffer and go out with
 * gathering writes from a direct read-ahead window.
 */
final class PeerLink implements PeerConnection {
    static final long KEEP_ALIVE_SECONDS = 60;
    private static final Object STOP = new Object();
    /**
     * Socket buffering on each side. Large, so that a stream of blocks goes out in a few big writes (the writer
     * flushes only when it has nothing more queued) and comes in with few reads.
     */
    private static final int STREAM_BUFFER = 256 * 1024;
    /** Blocks to serve are read from disk this much at a time: peers ask for the blocks of a piece in order. */
    private static final int READ_AHEAD = 256 * 1024;
    /** Queued blocks sent with one gathering write, at most: a read-ahead window's worth of full blocks. */
    private static final int SEND_BATCH = READ_AHEAD / WireCodec.MAX_BLOCK;

    /** A block the peer asked for, read from disk only when its turn to be sent comes. */
    private record Upload(int piece, int begin, int length) {}

    private final Connection connection;
    private final String name;
    private final BlockReader blocksOut;
    private final DataInputStream in;
    private final ChannelInput input;
    private final DataOutputStream out;
    /** The connection's channel: blocks come in to a direct buffer and go out with gathering writes from one. */
    private final SocketChannel channel;
    private volatile boolean closed;
    private final LinkedBlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    /** Uploads and rejects queued and not yet written (or skipped). */
    private final AtomicInteger answers = new AtomicInteger();
    private Thread writer;
    private volatile Thread reader;
    private volatile PeerSession session;
    private volatile PeerUploads uploads;
    private final List<Object> held = new ArrayList<>(); // only the reader thread touches it

    /** {@code before}: bytes to read ahead of anything on the connection (what an adopted peer sent earlier). */
    PeerLink(Connection connection, String name, BlockReader blocksOut, byte[] before) throws IOException {
        this.connection = connection;
        this.name = name;
        this.blocksOut = blocksOut;
        // The handshake went through the connection's streams; from here on the link works on the channel, starting
        // with whatever the input stream had read past the handshake.
        Connection.Taken taken = connection.takeChannel();
        this.channel = taken.channel();
        this.input = new ChannelInput(channel, STREAM_BUFFER);
        byte[] ahead = new byte[before.length + taken.buffered().remaining()];
        System.arraycopy(before, 0, ahead, 0, before.length);
        taken.buffered().get(ahead, before.length, ahead.length - before.length);
        if (ahead.length > STREAM_BUFFER) throw new IOException("too much read ahead to hand over (" + ahead.length + " bytes)");
        input.prepend(ahead);
        this.in = new DataInputStream(input);
        this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), STREAM_BUFFER));
    }

    @Override
    public void send(Message m) {
        if (m instanceof Message.Reject) answers.incrementAndGet();
        enqueue(m);
    }

    @Override
    public void upload(int piece, int begin, int length) {
        answers.incrementAndGet();
        enqueue(new Upload(piece, begin, length));
    }

    @Override
    public int answersQueued() {
        return answers.get();
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

    /** Reads until the peer goes or breaks the protocol; its session hears of every message. */
    void run(PeerSession session, WireCodec codec) throws IOException {
        this.session = session;
        this.uploads = session.uploads();
        writer = Thread.ofVirtual().name("peer-write " + name).start(this::writeLoop);
        reader = Thread.currentThread();
        try {
            while (!closed) {
                if (!blockInPlace()) session.onMessage(codec.read(in));
                if (input.buffered() == 0) {
                    session.endOfRun();
                    if (!held.isEmpty()) {
                        outbox.addAll(held);
                        held.clear();
                    }
                }
            }
        } finally {
            close();
            try {
                session.endOfRun(); // blocks it sent before going are good, and claimed: store them
            } catch (IOException e) {
                // interrupted: the swarm is closing, and unverified pieces are fetched again next time
            }
        }
    }

    /**
     * When the next message is a block, hands it to the session as a view of the input buffer: its bytes reach the
     * hash and the file without being copied. Anything else is left to the codec; so is a block message too long
     * to be one, which the codec refuses.
     */
    private boolean blockInPlace() throws IOException {
        input.require(4);
        int length = input.peekInt(0);
        if (length < 9 || length > WireCodec.MAX_MESSAGE) return false;
        input.require(5);
        if (input.peekUnsignedByte(4) != WireCodec.PIECE) return false;
        input.require(4 + length);
        int piece = input.peekInt(5), begin = input.peekInt(9);
        input.skip(WireCodec.PIECE_HEADER);
        session.onBlock(piece, begin, input.take(length - 9));
        return true;
    }

    @Override
    public long lastReadNanos() {
        return input.lastReadNanos();
    }

    private void writeLoop() {
        try {
            Object next;
            while ((next = outbox.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS)) != STOP) {
                if (next == null) next = Message.KEEP_ALIVE;
                if (next instanceof Message m) {
                    WireCodec.write(out, m);
                    if (m instanceof Message.Reject) answers.decrementAndGet();
                } else if (next instanceof Upload u && !sendBlocks(u)) {
                    return;
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
    private ByteBuffer window;
    private int windowPiece = -1, windowBegin, windowLength;
    // The writer thread's gathering write: a header and a view of the window per block.
    private final ByteBuffer[] gather = new ByteBuffer[2 * SEND_BATCH];
    private ByteBuffer headers;

    /**
     * Sends {@code first} and the uploads queued right behind it with one gathering write: from the read-ahead
     * window to the socket, with no copy on our side. Returns false when it met the order to stop.
     */
    private boolean sendBlocks(Upload first) throws IOException, InterruptedException {
        if (headers == null) headers = ByteBuffer.allocateDirect(WireCodec.PIECE_HEADER * SEND_BATCH);
        int blocks = 0;
        for (Upload u = first; u != null; ) {
            answers.decrementAndGet();
            if (uploads.takeUpload(u.piece(), u.begin())) { // else cancelled, or choked
                boolean limited = blocksOut.awaitAllowance(u.length());
                if (blocks > 0 && !inWindow(u)) { // reading the window again would change bytes already gathered
                    sendGathered(blocks);
                    blocks = 0;
                }
                int at = readAhead(u);
                WireCodec.putPieceHeader(headers, blocks * WireCodec.PIECE_HEADER, u.piece(), u.begin(), u.length());
                gather[2 * blocks] = headers.slice(blocks * WireCodec.PIECE_HEADER, WireCodec.PIECE_HEADER);
                gather[2 * blocks + 1] = window.slice(at, u.length());
                blocks++;
                uploads.uploaded(u.length());
                if (limited) break; // paced: each block leaves as it is allowed, not in bursts
            }
            if (blocks == SEND_BATCH || !(outbox.peek() instanceof Upload)) break;
            Object next = outbox.poll(); // only this thread takes; close() may have emptied the queue since the peek
            if (next == STOP) {
                sendGathered(blocks);
                return false;
            }
            u = next instanceof Upload queued ? queued : null;
        }
        sendGathered(blocks);
        return true;
    }

    private void sendGathered(int blocks) throws IOException {
        if (blocks == 0) return;
        out.flush(); // what was queued before these blocks goes first
        long left = (long) blocks * WireCodec.PIECE_HEADER;
        for (int i = 1; i < 2 * blocks; i += 2) left += gather[i].remaining();
        while (left > 0) left -= channel.write(gather, 0, 2 * blocks);
        Arrays.fill(gather, 0, 2 * blocks, null);
    }

    private boolean inWindow(Upload u) {
        return u.piece() == windowPiece && u.begin() >= windowBegin && u.begin() + u.length() <= windowBegin + windowLength;
    }

    /** Makes the window hold the upload's bytes, reading from disk only when it does not; returns their offset in it. */
    private int readAhead(Upload u) throws IOException {
        if (!inWindow(u)) {
            if (window == null) window = ByteBuffer.allocateDirect(READ_AHEAD);
            int length = Math.max(u.length(), Math.min(READ_AHEAD, blocksOut.pieceSize(u.piece()) - u.begin()));
            windowPiece = -1; // stays invalid if the read fails
            blocksOut.read(u.piece(), u.begin(), window.clear(), length);
            window.limit(length);
            windowPiece = u.piece();
            windowBegin = u.begin();
            windowLength = length;
        }
        return u.begin() - windowBegin;
    }

    @Override
    public void close() {
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
