package connectivity.http.h2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes header blocks (RFC 7541 6) against one connection's dynamic table. Bounded: the table by
 * the size we advertised (SETTINGS_HEADER_TABLE_SIZE), the decoded list by a header list size (an
 * "HPACK bomb", a few bytes that index one large entry many times, hits that cap, not memory), and
 * every string by the block it sits in.
 */
public final class HpackDecoder {
    private final HpackTable table;
    private final int maxTableSize;
    private final int maxHeaderListSize;

    /**
     * @param maxTableSize the dynamic table size we allow the encoder (our SETTINGS_HEADER_TABLE_SIZE)
     * @param maxHeaderListSize the largest decoded header list (sum of name + value + 32 per field)
     */
    public HpackDecoder(int maxTableSize, int maxHeaderListSize) {
        this.table = new HpackTable(maxTableSize);
        this.maxTableSize = maxTableSize;
        this.maxHeaderListSize = maxHeaderListSize;
    }

    /** The dynamic table's current size, for tests. */
    int tableSize() {
        return table.size();
    }

    HpackTable table() {
        return table;
    }

    /**
     * Decodes one complete header block.
     *
     * @throws HpackException when the block is malformed, or (with {@code tooLarge()}) when the list
     *     it decodes to is over the limit; in that case the whole block was still processed
     */
    public List<HeaderField> decode(byte[] block) throws HpackException {
        Reader r = new Reader(block);
        List<HeaderField> fields = new ArrayList<>();
        long listSize = 0;
        boolean over = false;
        boolean fieldSeen = false;
        while (r.more()) {
            int b = r.peek();
            HeaderField field;
            if ((b & 0x80) != 0) {
                int index = r.integer(7);
                field = table.get(index);
                if (field == null) throw new HpackException("no table entry " + index);
            } else if ((b & 0xc0) == 0x40) {
                field = literal(r, 6);
                table.add(field);
            } else if ((b & 0xe0) == 0x20) {
                // RFC 7541 4.2: size updates come first in a block, never after a field.
                if (fieldSeen) throw new HpackException("table size update after a field");
                int size = r.integer(5);
                if (size > maxTableSize) throw new HpackException("table size " + size + " above " + maxTableSize);
                table.resize(size);
                continue;
            } else {
                field = literal(r, 4); // without indexing (0000) or never indexed (0001)
            }
            fieldSeen = true;
            listSize += field.size();
            if (listSize > maxHeaderListSize) over = true;
            if (!over) fields.add(field);
        }
        if (over) throw new HpackException("header list larger than " + maxHeaderListSize, true);
        return fields;
    }

    private HeaderField literal(Reader r, int prefix) throws HpackException {
        int index = r.integer(prefix);
        String name;
        if (index == 0) {
            name = r.string();
        } else {
            HeaderField f = table.get(index);
            if (f == null) throw new HpackException("no table entry " + index);
            name = f.name();
        }
        return new HeaderField(name, r.string());
    }

    /** A cursor over one block. */
    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean more() {
            return pos < data.length;
        }

        int peek() {
            return data[pos] & 0xff;
        }

        int next() throws HpackException {
            if (pos >= data.length) throw new HpackException("header block truncated");
            return data[pos++] & 0xff;
        }

        /** An integer with an N-bit prefix (RFC 7541 5.1), refused above 2^31-1. */
        int integer(int prefixBits) throws HpackException {
            int mask = (1 << prefixBits) - 1;
            int value = next() & mask;
            if (value < mask) return value;
            long v = mask;
            int shift = 0;
            int b;
            do {
                b = next();
                v += (long) (b & 0x7f) << shift;
                shift += 7;
                if (v > Integer.MAX_VALUE || shift > 35) throw new HpackException("integer overflow");
            } while ((b & 0x80) != 0);
            return (int) v;
        }

        String string() throws HpackException {
            if (!more()) throw new HpackException("header block truncated");
            boolean huffman = (peek() & 0x80) != 0;
            int length = integer(7);
            if (length > data.length - pos) throw new HpackException("string longer than the block");
            int start = pos;
            pos += length;
            if (!huffman) return new String(data, start, length, StandardCharsets.ISO_8859_1);
            byte[] decoded = Huffman.decode(data, start, length, length * 8 / 5 + 1);
            return new String(decoded, StandardCharsets.ISO_8859_1);
        }
    }
}
