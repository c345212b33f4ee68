package connectivity.torrent.tracker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One peer of one swarm as the tracker remembers it. A peer is its address and port (as opentracker has it):
 * the peer id is only what it calls itself, and anyone can announce anyone's.
 *
 * <p>A value class rather than a record so that it can carry, made once when the peer announces, what the store
 * reads about it: its compact form (BEP 23's 6 or 18 bytes), its last-seen time and a hash of its peer id, as
 * numbers. {@link InMemorySwarmStore} copies those into its dense per-swarm slots and samples from them; it keeps
 * a record until the peer's id, key or seeder flag changes, so the {@code lastSeen} of a record it hands out is
 * when that record was stored, not the latest announce.
 *
 * <p>{@code peerId} is the client's 20-byte peer id; {@code address} where other peers reach it; {@code port}
 * its listening port; {@code seeder} whether it has everything ({@code left=0}); {@code lastSeen} when it last
 * announced (it expires some intervals later); {@code key} the announce's {@code key} (empty if none): a secret
 * between the peer and the tracker that lets it move its entry to a new address, never handed to other peers.
 */
public final class PeerRecord {
    /** The longest key kept; clients send 4 to 8 bytes, so a longer one is ignored rather than stored. */
    public static final int MAX_KEY_BYTES = 32;
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] peerId;
    private final InetAddress address;
    private final int port;
    private final boolean seeder;
    private final Instant lastSeen;
    private final byte[] key;
    private final long lastSeenNanos;
    private final int idHash;
    private final long identity;
    /** The address as numbers: an IPv4 address in the low 32 bits of {@code addressLow}, IPv6 in both. */
    private final long addressHigh, addressLow;
    private final boolean ipv6;

    public PeerRecord(byte[] peerId, InetAddress address, int port, boolean seeder, Instant lastSeen, byte[] key) {
        Objects.requireNonNull(address);
        Objects.requireNonNull(lastSeen);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        this.peerId = peerId.clone();
        this.address = address;
        this.port = port;
        this.seeder = seeder;
        this.lastSeen = lastSeen;
        this.key = key.length > MAX_KEY_BYTES ? new byte[0] : key.clone();
        this.lastSeenNanos = nanos(lastSeen);
        this.idHash = Arrays.hashCode(this.peerId);
        this.identity = identity(this.peerId, this.key);
        byte[] raw = address.getAddress();
        this.ipv6 = raw.length == 16;
        this.addressHigh = ipv6 ? (long) BE_LONG.get(raw, 0) : 0;
        this.addressLow = ipv6 ? (long) BE_LONG.get(raw, 8) : (int) BE_INT.get(raw, 0) & 0xffffffffL;
    }

    public PeerRecord(byte[] peerId, InetAddress address, int port, boolean seeder, Instant lastSeen) {
        this(peerId, address, port, seeder, lastSeen, new byte[0]);
    }

    public byte[] peerId() {
        return peerId.clone();
    }

    public InetAddress address() {
        return address;
    }

    public int port() {
        return port;
    }

    public boolean seeder() {
        return seeder;
    }

    public Instant lastSeen() {
        return lastSeen;
    }

    public byte[] key() {
        return key.clone();
    }

    public boolean hasKey() {
        return key.length > 0;
    }

    /** Whether it is an IPv6 peer (its compact form has 18 bytes, not 6). */
    public boolean ipv6() {
        return ipv6;
    }

    /** Length of the compact form: 6 for IPv4, 18 for IPv6. */
    public int compactLength() {
        return ipv6 ? 18 : 6;
    }

    /** Writes the compact form (address then port, big-endian, as in BEP 23 and BEP 15) to {@code out[at..]}. */
    public void writeCompact(byte[] out, int at) {
        if (ipv6) {
            BE_LONG.set(out, at, addressHigh);
            BE_LONG.set(out, at + 8, addressLow);
            BE_SHORT.set(out, at + 16, (short) port);
        } else {
            BE_INT.set(out, at, (int) addressLow);
            BE_SHORT.set(out, at + 4, (short) port);
        }
    }

    /** {@code lastSeen()} as {@link #nanos}: the store compares it with a cutoff so, without an Instant. */
    long seenNanos() {
        return lastSeenNanos;
    }

    /**
     * Nanoseconds since the epoch, held within a long (good until 2262; Instant.MIN and MAX, used as cutoffs, become
     * Long.MIN_VALUE and MAX_VALUE), so that {@code a.isBefore(b)} is {@code nanos(a) < nanos(b)} for real times.
     */
    static long nanos(Instant t) {
        long s = t.getEpochSecond();
        if (s >= Long.MAX_VALUE / 1_000_000_000L) return Long.MAX_VALUE;
        if (s <= Long.MIN_VALUE / 1_000_000_000L) return Long.MIN_VALUE;
        return s * 1_000_000_000L + t.getNano();
    }

    /**
     * A 64-bit hash of peer id and key: the store tells a re-announce (same id, same key) from a change by comparing
     * these, without reading the stored record. Only the peer at an endpoint can replace its entry, so a collision,
     * even a made one, at worst keeps that peer's own older id or key listed.
     */
    long identity() {
        return identity;
    }

    private static long identity(byte[] id, byte[] key) {
        long h = mix(0x9E3779B97F4A7C15L ^ ((long) id.length << 32 | key.length));
        h = absorb(h, id);
        return absorb(h, key);
    }

    private static long absorb(long h, byte[] b) {
        int at = 0;
        for (; at + 8 <= b.length; at += 8) h = mix(h ^ (long) BE_LONG.get(b, at));
        long rest = 0;
        for (; at < b.length; at++) rest = rest << 8 | (b[at] & 0xff);
        return mix(h ^ rest);
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The hash of the peer id, made once. */
    int idHash() {
        return idHash;
    }

    /** The address as numbers: an IPv4 one in the low 32 bits of {@link #addressLow()}, IPv6 in both. */
    long addressHigh() {
        return addressHigh;
    }

    long addressLow() {
        return addressLow;
    }

    /** An IPv4 endpoint as one number, address then port: {@code address << 16 | port}. */
    long v4Key() {
        return addressLow << 16 | port;
    }

    /** The peer id itself, shared: for the store's indexes in this package, which never change it. */
    byte[] sharedPeerId() {
        return peerId;
    }

    /**
     * Whether {@code other}, announced from elsewhere, proves itself this peer moved: the same peer id and the
     * same key, on the same address family (a dual-stack client is two peers, one per family, with one key).
     */
    public boolean movedTo(PeerRecord other) {
        return hasKey() && sameId(other) && MessageDigest.isEqual(key, other.key) && ipv6() == other.ipv6();
    }

    /** Whether both records are for the same peer id; the hashes tell most others apart without reading the ids. */
    public boolean sameId(PeerRecord other) {
        return idHash == other.idHash && Arrays.equals(peerId, other.peerId);
    }

    /** Whether both are reached at the same address and port: {@code endpoint().equals(other.endpoint())}, from numbers. */
    boolean sameEndpoint(PeerRecord other) {
        return port == other.port && addressLow == other.addressLow && addressHigh == other.addressHigh && ipv6 == other.ipv6;
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
        return Objects.hash(idHash, address, port, seeder, lastSeen, Arrays.hashCode(key));
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
