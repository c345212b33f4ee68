package connectivity.call.relay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Relay tokens: {@code base64url(callId|user|expiryMillis|nonce) "." base64url(HMAC-SHA256)} under a
 * secret the rendezvous (which issues) and the relay (which checks) share. The relay needs no
 * connection to the rendezvous; single use is enforced by the relay's {@link UsedTokens}.
 */
public final class RelayTokens {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final Clock clock;
    private final Duration ttl;

    public RelayTokens(byte[] secret, Clock clock, Duration ttl) {
        if (secret.length < 16) throw new IllegalArgumentException("relay secret must have at least 16 bytes");
        this.secret = secret.clone();
        this.clock = clock;
        this.ttl = ttl;
    }

    public RelayTokens(byte[] secret) {
        this(secret, Clock.systemUTC(), DEFAULT_TTL);
    }

    public String issue(String callId, String user) {
        byte[] n = new byte[12];
        RANDOM.nextBytes(n);
        long expiry = clock.instant().plus(ttl).toEpochMilli();
        String payload = callId + "|" + user + "|" + expiry + "|" + HexFormat.of().formatHex(n);
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        return enc.encodeToString(p) + "." + enc.encodeToString(mac(p));
    }

    /** Checks signature and expiry (not single use: that is the relay's used-token set). */
    public RelayToken verify(String token) throws InvalidTokenException {
        int dot = token.indexOf('.');
        if (dot < 0) throw new InvalidTokenException("malformed relay token");
        byte[] payload, tag;
        try {
            payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            tag = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed relay token");
        }
        if (!MessageDigest.isEqual(tag, mac(payload))) throw new InvalidTokenException("relay token signature is invalid");
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 4) throw new InvalidTokenException("malformed relay token");
        Instant expires;
        try {
            expires = Instant.ofEpochMilli(Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new InvalidTokenException("malformed relay token");
        }
        if (!clock.instant().isBefore(expires)) throw new InvalidTokenException("relay token expired");
        return new RelayToken(parts[0], parts[1], expires, parts[3]);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Clock clock() {
        return clock;
    }
}
