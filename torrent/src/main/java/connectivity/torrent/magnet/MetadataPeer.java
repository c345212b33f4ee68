package connectivity.torrent.magnet;

import connectivity.net.Connection;
import connectivity.torrent.peer.ExtensionHandshake;
import connectivity.torrent.peer.Handshake;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.MetadataCodec;
import connectivity.torrent.peer.MetadataMessage;
import connectivity.torrent.peer.PeerProtocolException;
import connectivity.torrent.peer.WireCodec;
import connectivity.torrent.swarm.OpenPeer;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One connection of the metadata phase: BitTorrent handshake with the extension bit, BEP 10 handshake, then BEP 9
 * requests for what {@link MetadataFetch} hands out. Its thread reads; requests are written by whichever thread
 * finds work for it (its reader after each message, the fetch's loop now and then), under the output's lock.
 */
final class MetadataPeer {
    /** Our id for ut_metadata (the swarm's too, so a message sent on the old handshake still reaches it) in our handshake: the peer sends its answers with it. */
    static final int OUR_ID = 1;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    /** Requests outstanding at once: metadata is small, and some clients reject requests that come too fast. */
    static final int PIPELINE = 2;
    /** How often a waiting reader looks whether the fetch is over: the most a live connection waits to be handed on. */
    static final Duration POLL = Duration.ofMillis(50);

    private final InetSocketAddress address;
    private final MetadataFetch fetch;
    private volatile Connection connection;
    private DataOutputStream out;
    private int theirId;
    /** What it sent that is not metadata: the download reads it first if this connection goes on into it. */
    private final ReceivedFrames received = new ReceivedFrames();

    MetadataPeer(InetSocketAddress address, MetadataFetch fetch) {
        this.address = address;
        this.fetch = fetch;
    }

    InetSocketAddress address() {
        return address;
    }

    /** Talks to the peer until the metadata is complete, the peer fails us, or the fetch ends; the reason it stopped. */
    String run(byte[] infoHash, byte[] ourId) {
        Connection c = null;
        boolean kept = false;
        try {
            c = Connection.dial(address, CONNECT_TIMEOUT);
            connection = c;
            if (fetch.finished()) return "done";
            c.readTimeout(READ_TIMEOUT);
            Handshake.ours(infoHash, ourId).write(c.output());
            Handshake theirs = Handshake.read(c.input());
            if (!theirs.sameTorrent(infoHash)) return "answered for another torrent";
            if (!theirs.supportsExtensions()) return "does not speak the extension protocol (BEP 10), so cannot send metadata";
            synchronized (this) {
                out = new DataOutputStream(new BufferedOutputStream(c.output()));
                // BEP 6 wants one of bitfield, have all, have none first; we have nothing yet, and say so now, so that
                // the download can go on on this connection with HAVEs.
                if (theirs.supportsFast()) WireCodec.write(out, Message.HAVE_NONE);
                send(0, new ExtensionHandshake(Map.of(MetadataMessage.EXTENSION_NAME, OUR_ID), "Connectivity 0.1",
                        OptionalInt.empty(), OptionalInt.empty()).encode());
            }
            // No buffering of our own: what the connection has read ahead stays in it for the swarm (takeChannel).
            PushbackInputStream peek = new PushbackInputStream(c.input(), 1);
            DataInputStream in = new DataInputStream(peek);
            WireCodec codec = WireCodec.beforeMetadata();
            long heard = System.nanoTime();
            while (!fetch.finished()) {
                if (!arrived(c, peek)) {
                    if (System.nanoTime() - heard > READ_TIMEOUT.toNanos()) return "sent nothing for " + READ_TIMEOUT.toSeconds() + " s";
                    continue;
                }
                heard = System.nanoTime();
                c.readTimeout(READ_TIMEOUT); // a message begun must arrive whole
                Message m = codec.read(in);
                if (m instanceof Message.Extended e && e.extendedId() == OUR_ID) {
                    String stop = onMetadata(MetadataCodec.decode(e.payload()));
                    if (stop != null && !fetch.finished()) return stop;
                } else {
                    if (m instanceof Message.Extended e && e.extendedId() == 0) {
                        String stop = onHandshake(e.payload());
                        if (stop != null) return stop;
                    }
                    received.keep(m);
                }
                pump();
            }
            kept = received.usable() && fetch.keep(this, new OpenPeer(c, theirs, received.bytes()));
            return kept ? "handed to the download" : "done";
        } catch (PeerProtocolException e) {
            return "protocol error: " + e.getMessage();
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
            if (!kept && c != null) c.close();
            fetch.left(this);
        }
    }

    /**
     * Waits up to {@link #POLL} for the peer's next byte, consuming nothing: a read that times out between messages
     * loses no bytes, so the loop can see the fetch finish and leave the connection whole.
     */
    private static boolean arrived(Connection c, PushbackInputStream in) throws IOException {
        c.readTimeout(POLL);
        try {
            int b = in.read();
            if (b < 0) throw new EOFException("closed the connection");
            in.unread(b);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private String onHandshake(byte[] payload) throws IOException {
        ExtensionHandshake h = ExtensionHandshake.decode(payload);
        Integer id = h.messages().get(MetadataMessage.EXTENSION_NAME);
        if (id == null || id == 0) return "does not offer ut_metadata";
        synchronized (this) {
            theirId = id;
        }
        return fetch.joined(this, h.metadataSize());
    }

    private String onMetadata(MetadataMessage m) throws IOException {
        return switch (m) {
            case MetadataMessage.Data d -> fetch.received(this, d);
            case MetadataMessage.Reject r -> fetch.rejected(this, r.piece());
            case MetadataMessage.Request r -> {
                sendMetadata(new MetadataMessage.Reject(r.piece())); // we have none yet
                yield null;
            }
            case MetadataMessage.Unknown u -> null;
        };
    }

    /** Asks for what the fetch has for it, up to the pipeline's depth. */
    void pump() throws IOException {
        synchronized (this) {
            if (out == null || theirId == 0) return;
            OptionalInt piece;
            while ((piece = fetch.nextFor(this, PIPELINE)).isPresent()) sendMetadata(new MetadataMessage.Request(piece.getAsInt()));
            out.flush();
        }
    }

    private synchronized void sendMetadata(MetadataMessage m) throws IOException {
        send(theirId, MetadataCodec.encode(m));
    }

    private synchronized void send(int id, byte[] payload) throws IOException {
        WireCodec.write(out, new Message.Extended(id, payload));
        out.flush();
    }

    void close() {
        Connection c = connection;
        if (c != null) c.close();
    }

    @Override
    public String toString() {
        return address.getAddress() == null ? address.toString() : address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
