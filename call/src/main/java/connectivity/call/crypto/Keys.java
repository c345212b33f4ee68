package connectivity.call.crypto;

import connectivity.call.wire.ProtocolException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

/** Public keys travel as their X.509 encoding; this turns the bytes back into keys, refusing junk. */
public final class Keys {
    private Keys() {}

    public static PublicKey ed25519(byte[] encoded) throws ProtocolException {
        return decode("Ed25519", encoded);
    }

    public static PublicKey x25519(byte[] encoded) throws ProtocolException {
        return decode("X25519", encoded);
    }

    private static PublicKey decode(String algorithm, byte[] encoded) throws ProtocolException {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ProtocolException("malformed " + algorithm + " public key");
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
