package connectivity.torrent.swarm;

import connectivity.torrent.peer.Handshake;
import connectivity.torrent.peer.PeerId;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Who a connected peer is, as its handshake told us: where it is, its id, the extensions it supports,
 * and which side dialled. Fixed for the connection's life.
 */
record PeerIdentity(InetSocketAddress address, byte[] peerId, boolean fast, boolean extensions, boolean outgoing) {
    PeerIdentity {
        peerId = peerId.clone();
    }

    static PeerIdentity of(InetSocketAddress address, Handshake theirs, boolean outgoing) {
        return new PeerIdentity(address, theirs.peerId(), theirs.supportsFast(), theirs.supportsExtensions(), outgoing);
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    boolean hasId(byte[] id) {
        return Arrays.equals(peerId, id);
    }

    /** How logs and events name it: address, port and client. */
    String name() {
        return address.getAddress().getHostAddress() + ":" + address.getPort() + " " + PeerId.describe(peerId);
    }

    /** The key bans use: a peer is its address plus its id. */
    String banKey() {
        return address.getAddress().getHostAddress() + "/" + HexFormat.of().formatHex(peerId);
    }

    /**
     * Which way the connection between us was opened, as a number both sides compute alike: of two connections
     * between the same pair, both keep the one whose initiator has the lower id.
     */
    int initiatorOrder(byte[] ourId) {
        byte[] initiatorId = outgoing ? ourId : peerId;
        byte[] otherId = outgoing ? peerId : ourId;
        return Arrays.compareUnsigned(initiatorId, otherId);
    }
}
