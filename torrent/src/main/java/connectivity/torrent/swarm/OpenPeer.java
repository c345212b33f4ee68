package connectivity.torrent.swarm;

import connectivity.net.Connection;
import connectivity.torrent.peer.Handshake;

/**
 * A live connection to a peer of this torrent that something before the swarm made (the metadata phase of a
 * magnet link), for {@link Swarm#adopt} to go on with rather than dial again. Both handshakes are done, ours with the
 * swarm's peer id; we sent at most HAVE NONE and an extension handshake. {@code received} holds, as wire frames, what
 * the peer sent that the swarm must still read (its bitfield, haves, extension handshake...), in order.
 */
public record OpenPeer(Connection connection, Handshake theirs, byte[] received) {
    public OpenPeer {
        received = received.clone();
    }

    @Override
    public byte[] received() {
        return received.clone();
    }

    public void close() {
        connection.close();
    }
}
