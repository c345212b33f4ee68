package connectivity.http.h2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes header blocks (RFC 7541 6): a field already in a table is sent as its index; any other is
 * a literal added to the dynamic table, its name by index when a table has it. Strings go in Huffman
 * form when that is shorter. The table never exceeds what the peer allows
 * (its SETTINGS_HEADER_TABLE_SIZE, capped by ours); a change is announced at the next block's start.
 */
public final class HpackEncoder {
    private final HpackTable table;
    private final int ownLimit;
    private boolean huffman = true;
    private int pendingResize = -1;
    private int smallestResize = Integer.MAX_VALUE;

    /** @param maxTableSize the most table we are willing to keep for the peer (4096 is the protocol default) */
    public HpackEncoder(int maxTableSize) {
        this.table = new HpackTable(maxTableSize);
        this.ownLimit = maxTableSize;
    }

    /** Whether to use Huffman coding where it is shorter (on by default). */
    public HpackEncoder huffman(boolean on) {
        this.huffman = on;
        return this;
    }

    /** The peer's SETTINGS_HEADER_TABLE_SIZE changed. */
    public void peerTableSize(int size) {
        int target = Math.min(size, ownLimit);
        smallestResize = Math.min(smallestResize, target);
        pendingResize = target;
    }

    int tableSize() {
        return table.size();
    }

    public byte[] encode(List<HeaderField> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (pendingResize >= 0) {
            // When the limit went down and up again, the smallest must be signalled first (RFC 7541 4.2).
            if (smallestResize < pendingResize) {
                integer(out, 0x20, 5, smallestResize);
                table.resize(smallestResize);
            }
            integer(out, 0x20, 5, pendingResize);
            table.resize(pendingResize);
            pendingResize = -1;
            smallestResize = Integer.MAX_VALUE;
        }
        for (HeaderField f : fields) {
            int index = table.indexOf(f);
            if (index > 0) {
                integer(out, 0x80, 7, index);
                continue;
            }
            int nameIndex = table.indexOfName(f.name());
            integer(out, 0x40, 6, nameIndex);
            if (nameIndex == 0) string(out, f.name());
            string(out, f.value());
            table.add(f);
        }
        return out.toByteArray();
    }

    private void string(ByteArrayOutputStream out, String s) {
        byte[] raw = s.getBytes(StandardCharsets.ISO_8859_1);
        if (huffman) {
            int h = Huffman.encodedLength(raw);
            if (h <= raw.length) { // the RFC 7541 examples prefer Huffman on a tie
                integer(out, 0x80, 7, h);
                Huffman.encode(raw, out);
                return;
            }
        }
        integer(out, 0, 7, raw.length);
        out.write(raw, 0, raw.length);
    }

    /** An integer with an N-bit prefix, the byte's high bits given by {@code flags} (RFC 7541 5.1). */
    static void integer(ByteArrayOutputStream out, int flags, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(flags | value);
            return;
        }
        out.write(flags | max);
        value -= max;
        while (value >= 0x80) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }
}
