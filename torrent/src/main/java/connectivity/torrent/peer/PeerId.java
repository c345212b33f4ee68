package connectivity.torrent.peer;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Peer ids in the Azureus style, so other clients can name us: {@code -CN0100-} plus 12 random characters. */
public final class PeerId {
    private static final String PREFIX = "-CN0100-";
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PeerId() {}

    public static byte[] random() {
        StringBuilder s = new StringBuilder(PREFIX);
        while (s.length() < 20) s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A printable form for logs: the client prefix when there is one, hex otherwise. */
    public static String describe(byte[] id) {
        StringBuilder s = new StringBuilder();
        for (byte b : id) {
            if (b >= 0x20 && b < 0x7f) s.append((char) b);
            else s.append(String.format("%%%02x", b & 0xff));
        }
        return s.toString();
    }
}
