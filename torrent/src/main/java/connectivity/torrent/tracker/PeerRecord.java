package connectivity.torrent.tracker;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One peer of one swarm as the tracker remembers it.
 *
 * @param peerId the client's 20-byte peer id
 * @param address where other peers reach it
 * @param port its listening port
 * @param seeder whether it has everything ({@code left=0})
 * @param lastSeen when it last announced; it expires some intervals later
 */
public record PeerRecord(byte[] peerId, InetAddress address, int port, boolean seeder, Instant lastSeen) {
    public PeerRecord {
        peerId = peerId.clone();
        Objects.requireNonNull(address);
        Objects.requireNonNull(lastSeen);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    /** Whether both records are for the same peer id. */
    public boolean sameId(PeerRecord other) {
        return Arrays.equals(peerId, other.peerId);
    }

    /** The peer id as a map key. */
    public PeerKey key() {
        return new PeerKey(peerId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerRecord p && Arrays.equals(peerId, p.peerId) && address.equals(p.address)
                && port == p.port && seeder == p.seeder && lastSeen.equals(p.lastSeen);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(peerId), address, port, seeder, lastSeen);
    }

    @Override
    public String toString() {
        return "Peer[" + HexFormat.of().formatHex(peerId) + " " + address.getHostAddress() + ":" + port + (seeder ? " seeder" : "") + "]";
    }

    /** A peer id compared by content. */
    public record PeerKey(byte[] id) {
        public PeerKey {
            id = id.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PeerKey k && Arrays.equals(id, k.id);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id);
        }
    }
}
