package connectivity.torrent.swarm;

/**
 * One connected peer as a status page shows it (a snapshot; rates in bytes per second).
 *
 * @param address host:port as connected
 * @param client its client, from its extension handshake or peer id
 * @param outgoing whether we dialled it
 * @param progress the share of the torrent it has, 0..1
 */
public record PeerInfo(String address, String client, boolean outgoing, double downloadRate, double uploadRate, double progress,
        boolean amChoking, boolean amInterested, boolean peerChoking, boolean peerInterested) {}
