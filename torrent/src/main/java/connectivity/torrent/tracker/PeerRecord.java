package connectivity.torrent.tracker;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One peer of one swarm as the tracker remembers it. A peer is its address and port (as opentracker has it):
 * the peer id is only what it calls itself, and anyone can announce anyone's.
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

    /** What makes the peer itself: where it is reached. */
    public Endpoint endpoint() {
        return new Endpoint(address, port);
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

    /** An address and a port: the key of a peer in its swarm. */
    public record Endpoint(InetAddress address, int port) {
        public Endpoint {
            Objects.requireNonNull(address);
        }
    }
}
