package connectivity.torrent.tracker.udp;

import java.net.InetSocketAddress;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Connection ids without state: an id is a keyed MAC (SipHash-2-4) of the client's address and port and a time
 * slot, under a secret made at start. The tracker keeps nothing for a client before it proves, by echoing an id,
 * that it receives what is sent to its address; a spoofed source never sees its id. An id is accepted in its own
 * slot and the next one, so it lives between one and two slots (BEP 15: the client uses it for a minute, the
 * tracker accepts it for two). Every announce checks one, so the MAC is SipHash (a PRF made for short inputs,
 * with a 64-bit tag as long as the id) rather than an HMAC costing ten times as much.
 */
public final class ConnectionIds {
    public static final Duration DEFAULT_SLOT = Duration.ofMinutes(1);

    /** Immutable, so the tracker's receive loops share it without a lock. */
    private static final VarHandle BE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final SipHash24 mac;
    private final Clock clock;
    private final long slotMillis;

    /** {@code secret} of any length: SipHash's 16-byte key is the start of its SHA-256. */
    public ConnectionIds(byte[] secret, Clock clock, Duration slot) {
        this.clock = Objects.requireNonNull(clock);
        this.slotMillis = slot.toMillis();
        if (slotMillis < 1) throw new IllegalArgumentException("slot must be at least 1 ms");
        this.mac = new SipHash24(Arrays.copyOf(sha256(secret), 16));
    }

    private static byte[] sha256(byte[] secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Ids under a fresh random secret, in one-minute slots. */
    public static ConnectionIds random(Clock clock) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new ConnectionIds(secret, clock, DEFAULT_SLOT);
    }

    /** The id for a client now. */
    public long issue(InetSocketAddress client) {
        return idFor(client, slot());
    }

    /** Whether {@code id} is the client's id of this slot or the one before. */
    public boolean valid(InetSocketAddress client, long id) {
        long slot = slot();
        // Which slot matched is no secret, so the second MAC is only computed when the first does not match.
        return idFor(client, slot) == id || idFor(client, slot - 1) == id;
    }

    private long slot() {
        return Math.floorDiv(clock.millis(), slotMillis);
    }

    /** The MAC of address (4 or 16 bytes), port (2) and slot (8), big-endian. */
    private long idFor(InetSocketAddress client, long slot) {
        byte[] address = client.getAddress().getAddress();
        byte[] m = Arrays.copyOf(address, address.length + 10);
        BE_SHORT.set(m, address.length, (short) client.getPort());
        BE_LONG.set(m, address.length + 2, slot);
        return mac.hash(m, 0, m.length);
    }
}
