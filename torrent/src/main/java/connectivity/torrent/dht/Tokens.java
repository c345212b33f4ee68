package connectivity.torrent.dht;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * get_peers tokens (BEP 5): a hash of the querier's IP and a secret that changes every {@link #ROTATION}; a
 * token made with the previous secret is still accepted, so a token lives 5 to 10 minutes. Nothing is stored
 * per querier.
 */
public final class Tokens {
    public static final Duration ROTATION = Duration.ofMinutes(5);
    static final int LENGTH = 8;

    private final Clock clock;
    private final SecureRandom random;
    private byte[] current = new byte[20];
    private byte[] previous = new byte[20];
    private Instant rotated;

    public Tokens(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
        random.nextBytes(current);
        random.nextBytes(previous);
        rotated = clock.instant();
    }

    public synchronized byte[] issue(InetAddress querier) {
        rotate();
        return token(current, querier);
    }

    public synchronized boolean valid(byte[] token, InetAddress querier) {
        rotate();
        return MessageDigest.isEqual(token, token(current, querier)) || MessageDigest.isEqual(token, token(previous, querier));
    }

    private void rotate() {
        Instant now = clock.instant();
        if (now.isBefore(rotated.plus(ROTATION))) return;
        // After more than two periods of silence the old secret is as stale as the older one: replace both.
        boolean both = !now.isBefore(rotated.plus(ROTATION.multipliedBy(2)));
        previous = current;
        current = new byte[20];
        random.nextBytes(current);
        if (both) random.nextBytes(previous);
        rotated = now;
    }

    private static byte[] token(byte[] secret, InetAddress ip) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-1");
            sha.update(secret);
            sha.update(ip.getAddress());
            return Arrays.copyOf(sha.digest(), LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
