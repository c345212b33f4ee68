package connectivity.torrent.swarm;

import connectivity.torrent.peer.Message;

/**
 * The connection a {@link PeerSession} talks through: a {@link PeerLink} in the swarm, a recorder in tests.
 * Sending never blocks; it queues.
 */
interface PeerConnection {
    void send(Message m);

    /** Queues a block the peer asked for; its bytes are read from disk only when its turn comes. */
    void upload(int piece, int begin, int length);

    /** Answers to the peer's requests (blocks and rejects) queued and not yet written: what a peer that never reads piles up. */
    int answersQueued();

    /** When the peer last sent us anything, in the swarm clock's nanoseconds. */
    long lastReadNanos();

    void close();
}
