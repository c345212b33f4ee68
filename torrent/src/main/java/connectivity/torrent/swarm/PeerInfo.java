package connectivity.torrent.swarm;

import connectivity.torrent.peer.PeerId;
import java.net.InetSocketAddress;

/**
 * One connected peer as a status page shows it (a snapshot; rates in bytes per second).
 *
 * @param address host:port as connected
 * @param client its client, from its extension handshake or peer id
 * @param outgoing whether we dialled it
 * @param progress the share of the torrent it has, 0..1
 */
public record PeerInfo(String address, String client, boolean outgoing, double downloadRate, double uploadRate, double progress,
        boolean amChoking, boolean amInterested, boolean peerChoking, boolean peerInterested) {

    /** The snapshot of one session, taken under the swarm's lock. */
    static PeerInfo of(PeerSession session, int pieceCount) {
        PeerIdentity id = session.identity();
        PeerState state = session.state();
        InetSocketAddress a = id.address();
        String client = state.client().isEmpty() ? PeerId.describe(id.peerId()) : state.client();
        return new PeerInfo(a.getAddress().getHostAddress() + ":" + a.getPort(), client, id.outgoing(), state.down.rate(),
                state.up.rate(), pieceCount == 0 ? 1 : (double) state.has().cardinality() / pieceCount, state.amChoking(),
                state.amInterested(), state.peerChoking(), state.peerInterested());
    }
}
