package connectivity.torrent.swarm;

import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.PeerProtocolException;
import connectivity.torrent.peer.WireCodec;

/**
 * What one peer asks of us: its requests, served while it is unchoked and interested (or for the pieces we let it
 * have while choked, BEP 6) and rejected otherwise; our choking of it, which drops what it had queued. The blocks
 * themselves leave on its connection's writer, which asks {@link #takeUpload} when each one's turn comes.
 */
final class PeerUploads {
    private final SwarmState st;
    private final boolean fast;
    private final PeerState state;
    private final PeerConnection connection;

    PeerUploads(SwarmState st, boolean fast, PeerState state, PeerConnection connection) {
        this.st = st;
        this.fast = fast;
        this.state = state;
        this.connection = connection;
    }

    /** Under the lock. */
    void unchoke() {
        state.amChoking(false);
        connection.send(Message.UNCHOKE);
    }

    /** Under the lock: choked, it loses its queued uploads (rejected if it speaks BEP 6), allowed-fast ones excepted. */
    void choke() {
        state.amChoking(true);
        connection.send(Message.CHOKE);
        for (long k : state.uploadKeys()) {
            int piece = (int) (k >>> 32), begin = (int) k;
            if (state.gaveAllowedFast(piece)) continue; // still served: choking does not cover allowed-fast pieces
            if (state.cancelUpload(k) && fast) {
                connection.send(new Message.Reject(piece, begin, Math.min(st.layout.blockSize(), st.layout.pieceSize(piece) - begin)));
            }
        }
    }

    void onRequest(Message.Request r) throws PeerProtocolException {
        if (r.length() <= 0 || r.length() > WireCodec.MAX_BLOCK) throw new PeerProtocolException("request for " + r.length() + " bytes");
        if (r.piece() < 0 || r.piece() >= st.pieceCount || r.begin() < 0 || (long) r.begin() + r.length() > st.layout.pieceSize(r.piece())) {
            throw new PeerProtocolException("request out of range: piece " + r.piece() + " begin " + r.begin() + " length " + r.length());
        }
        int limit = st.config.maxPeerRequests();
        if (connection.answersQueued() >= limit) {
            // We advertised this queue (reqq) and the peer has that many answers waiting, so it is not reading them
            // or ignores what we said. libtorrent rejects the excess; but a reject is one more message queued for a
            // peer that does not read, so rejecting would still grow without bound: we drop the peer instead.
            throw new PeerProtocolException("more than " + limit + " requests waiting for an answer (it does not read them)");
        }
        synchronized (st.lock) {
            boolean allowed = (!state.amChoking() && state.peerInterested()) || state.gaveAllowedFast(r.piece());
            boolean serve = allowed && st.have().get(r.piece()) && state.uploadsQueued() < limit;
            if (serve && state.addUpload(r.piece(), r.begin())) {
                connection.upload(r.piece(), r.begin(), r.length());
            } else if (!serve && fast) {
                connection.send(new Message.Reject(r.piece(), r.begin(), r.length()));
            }
        }
    }

    /** The writer's turn for this upload has come: true if the peer still wants it. */
    boolean takeUpload(int piece, int begin) {
        return state.takeUpload(piece, begin);
    }

    /** The writer sent {@code bytes} of blocks. */
    void uploaded(int bytes) {
        state.up.add(bytes);
        st.up.add(bytes);
    }

    void onCancel(Message.Cancel c) {
        state.cancelUpload(PeerState.key(c.piece(), c.begin()));
    }
}
