package connectivity.torrent.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Strict bencode: {@link #decode} accepts only canonical input; {@link #encode} writes only canonical output. */
public final class Bencode {
    /** Deeper nesting than this is refused, so hostile input cannot exhaust the stack. */
    public static final int DEFAULT_MAX_DEPTH = 512;
    /**
     * More values (keys included) than this are refused: each costs far more memory as an object than
     * its few bytes of input, so a hostile file of tiny values could otherwise exhaust the heap. The
     * figure is libtorrent's token limit; a torrent of 100,000 files needs under a million.
     */
    public static final int DEFAULT_MAX_VALUES = 2_000_000;

    private Bencode() {}

    /** Decodes exactly one value that must span the whole input. */
    public static BValue decode(byte[] input) throws BencodeException {
        return new BencodeDecoder(input, 0, input.length, DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES).decodeWhole();
    }

    /** Decodes with tighter (or looser) limits on nesting depth and on the number of values. */
    public static BValue decode(byte[] input, int maxDepth, int maxValues) throws BencodeException {
        return new BencodeDecoder(input, 0, input.length, maxDepth, maxValues).decodeWhole();
    }

    public static BValue decode(byte[] input, int maxDepth) throws BencodeException {
        return new BencodeDecoder(input, 0, input.length, maxDepth, DEFAULT_MAX_VALUES).decodeWhole();
    }

    /**
     * Decodes one value starting at {@code offset} and returns it with its end; bytes after it are left
     * alone (for protocols that put payload after a bencoded header).
     */
    public static Prefix decodePrefix(byte[] input, int offset, int length) throws BencodeException {
        BencodeDecoder d = new BencodeDecoder(input, offset, length, DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES);
        BValue value = d.decodeOne();
        return new Prefix(value, d.position());
    }

    /** A value decoded from the front of a buffer, and the offset just after it. */
    public record Prefix(BValue value, int end) {}

    /** Decodes and requires a dictionary at the top. */
    public static BDict decodeDict(byte[] input) throws BencodeException {
        BValue v = decode(input);
        if (v instanceof BDict d) return d;
        throw new BencodeException(0, "expected a dictionary at the top but found " + v.kind());
    }

    public static byte[] encode(BValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, out);
        return out.toByteArray();
    }

    private static void write(BValue value, ByteArrayOutputStream out) {
        switch (value) {
            case BInt i -> {
                out.write('i');
                out.writeBytes(Long.toString(i.value()).getBytes(StandardCharsets.US_ASCII));
                out.write('e');
            }
            case BBytes b -> writeBytes(b.unsafeBytes(), out);
            case BList l -> {
                out.write('l');
                for (BValue v : l.values()) write(v, out);
                out.write('e');
            }
            case BDict d -> {
                out.write('d');
                for (Map.Entry<BBytes, BValue> e : d.entries().entrySet()) {
                    writeBytes(e.getKey().unsafeBytes(), out);
                    write(e.getValue(), out);
                }
                out.write('e');
            }
        }
    }

    private static void writeBytes(byte[] bytes, ByteArrayOutputStream out) {
        out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
        out.writeBytes(bytes);
    }
}
