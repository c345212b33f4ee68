package connectivity.torrent.tracker.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Connection ids without state: an id is an HMAC of the client's address and port and a time slot, under a secret
 * made at start. The tracker keeps nothing for a client before it proves, by echoing an id, that it receives what
 * is sent to its address; a spoofed source never sees its id. An id is accepted in its own slot and the next one,
 * so it lives between one and two slots (BEP 15: the client uses it for a minute, the tracker accepts it for two).
 */
public final class ConnectionIds {
    public static final Duration DEFAULT_SLOT = Duration.ofMinutes(1);

    /** One Mac a thread: the tracker's receive loops share the ids without a lock. */
    private final ThreadLocal<Mac> mac;
    private final Clock clock;
    private final long slotMillis;

    public ConnectionIds(byte[] secret, Clock clock, Duration slot) {
        this.clock = Objects.requireNonNull(clock);
        this.slotMillis = slot.toMillis();
        if (slotMillis < 1) throw new IllegalArgumentException("slot must be at least 1 ms");
        SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        mac(key); // fails here, not on the first datagram, if the key is unusable
        this.mac = ThreadLocal.withInitial(() -> mac(key));
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
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
        // Which slot matched is no secret, so the second HMAC is only computed when the first does not match.
        return idFor(client, slot) == id || idFor(client, slot - 1) == id;
    }

    private long slot() {
        return Math.floorDiv(clock.millis(), slotMillis);
    }

    private long idFor(InetSocketAddress client, long slot) {
        Mac m = mac.get();
        m.update(client.getAddress().getAddress());
        m.update(ByteBuffer.allocate(10).putShort((short) client.getPort()).putLong(slot).array());
        return ByteBuffer.wrap(m.doFinal()).getLong();
    }
}
