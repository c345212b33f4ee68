package connectivity.torrent.swarm;

/** What a swarm reports as it runs; every method has a do-nothing default. Called from swarm threads. */
public interface SwarmEvents {
    default void pieceVerified(int piece, String fromPeer) {}

    default void pieceFailed(int piece, String fromPeers) {}

    default void peerConnected(String peer, String client) {}

    default void peerDisconnected(String peer, String reason) {}

    default void peerBanned(String peer) {}

    default void completed() {}

    /**
     * Every wanted piece is verified (see {@link Swarm#files}): the download is done, though pieces lying only in
     * unwanted files may be missing. When every file is wanted, {@link #completed} follows.
     */
    default void done() {}

    default void trackerFailed(String message) {}

    SwarmEvents NONE = new SwarmEvents() {};
}
