package connectivity.torrent.tracker;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.MessageDigest;
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
 * @param key the announce's {@code key} (empty if none): a secret between the peer and the tracker that lets it
 *     move its entry to a new address; never handed to other peers
 */
public record PeerRecord(byte[] peerId, InetAddress address, int port, boolean seeder, Instant lastSeen, byte[] key) {
    /** The longest key kept; clients send 4 to 8 bytes, so a longer one is ignored rather than stored. */
    public static final int MAX_KEY_BYTES = 32;

    public PeerRecord {
        peerId = peerId.clone();
        Objects.requireNonNull(address);
        Objects.requireNonNull(lastSeen);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        key = key.length > MAX_KEY_BYTES ? new byte[0] : key.clone();
    }

    public PeerRecord(byte[] peerId, InetAddress address, int port, boolean seeder, Instant lastSeen) {
        this(peerId, address, port, seeder, lastSeen, new byte[0]);
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    public boolean hasKey() {
        return key.length > 0;
    }

    /**
     * Whether {@code other}, announced from elsewhere, proves itself this peer moved: the same peer id and the
     * same key, on the same address family (a dual-stack client is two peers, one per family, with one key).
     */
    public boolean movedTo(PeerRecord other) {
        return hasKey() && sameId(other) && MessageDigest.isEqual(key, other.key)
                && (address instanceof Inet6Address) == (other.address instanceof Inet6Address);
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
                && port == p.port && seeder == p.seeder && lastSeen.equals(p.lastSeen) && Arrays.equals(key, p.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(peerId), address, port, seeder, lastSeen, Arrays.hashCode(key));
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
