package connectivity.call.crypto;

import connectivity.call.wire.CallProtocolException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

/** Public keys travel as their X.509 encoding; this turns the bytes back into keys, refusing junk. */
public final class Keys {
    private Keys() {}

    public static PublicKey ed25519(byte[] encoded) throws CallProtocolException {
        return decode("Ed25519", encoded);
    }

    public static PublicKey x25519(byte[] encoded) throws CallProtocolException {
        return decode("X25519", encoded);
    }

    private static PublicKey decode(String algorithm, byte[] encoded) throws CallProtocolException {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CallProtocolException("malformed " + algorithm + " public key");
        }
    }

    /** A short printable fingerprint of a public key for users to compare. */
    public static String fingerprint(byte[] encoded) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(encoded);
            return java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
