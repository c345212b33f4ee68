package connectivity.torrent.bencode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A bencoded byte string. Kept as bytes: names and URLs are decoded as UTF-8 only where a person sees
 * them. Orders by unsigned byte comparison, the order bencode requires for dictionary keys.
 */
public record BBytes(byte[] bytes) implements BValue, Comparable<BBytes> {
    public BBytes {
        bytes = bytes.clone();
    }

    public static BBytes of(String utf8) {
        return new BBytes(utf8.getBytes(StandardCharsets.UTF_8));
    }

    public static BBytes of(byte[] bytes) {
        return new BBytes(bytes);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The bytes as strict UTF-8, or empty if they are not valid UTF-8. */
    public Optional<String> utf8() {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The bytes as UTF-8 with invalid sequences replaced, for display only. */
    public String utf8Lenient() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String kind() {
        return "a byte string";
    }

    @Override
    public int compareTo(BBytes other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BBytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        Optional<String> s = utf8();
        if (s.isPresent() && s.get().chars().noneMatch(Character::isISOControl)) return "\"" + s.get() + "\"";
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** Package-private access without the defensive copy, for the encoder and decoder. */
    byte[] unsafeBytes() {
        return bytes;
    }

    static BBytes wrap(byte[] owned) {
        return new BBytes(owned);
    }
}
