package connectivity.torrent.bencode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One pass over a byte range; recursive, bounded by a maximum depth. */
final class BencodeDecoder {
    private final byte[] in;
    private final int end;
    private final int maxDepth;
    private final int maxValues;
    private int pos;
    private int values;

    BencodeDecoder(byte[] in, int offset, int length, int maxDepth, int maxValues) {
        if (offset < 0 || length < 0 || offset > in.length - length) throw new IndexOutOfBoundsException();
        this.in = in;
        this.pos = offset;
        this.end = offset + length;
        this.maxDepth = maxDepth;
        this.maxValues = maxValues;
    }

    /** Counts one more value or key against the limit. */
    private void count() throws BencodeException {
        if (++values > maxValues) throw new BencodeException(pos, "more than " + maxValues + " values");
    }

    int position() {
        return pos;
    }

    BValue decodeWhole() throws BencodeException {
        BValue v = decodeOne();
        if (pos != end) throw new BencodeException(pos, (end - pos) + " trailing byte(s) after the top-level value");
        return v;
    }

    BValue decodeOne() throws BencodeException {
        return value(0);
    }

    private BValue value(int depth) throws BencodeException {
        if (pos >= end) throw new BencodeException(pos, "unexpected end of input, expected a value");
        count();
        byte b = in[pos];
        if (b == 'i') return integer();
        if (b >= '0' && b <= '9') return bytes();
        if (b == 'l' || b == 'd') {
            if (depth >= maxDepth) throw new BencodeException(pos, "nesting deeper than " + maxDepth + " levels");
            return b == 'l' ? list(depth) : dict(depth);
        }
        throw new BencodeException(pos, "expected 'i', 'l', 'd' or a digit but found " + describe(b));
    }

    private BInt integer() throws BencodeException {
        int start = pos;
        pos++; // 'i'
        boolean negative = false;
        if (pos < end && in[pos] == '-') {
            negative = true;
            pos++;
        }
        int digitsStart = pos;
        long value = 0;
        while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
            int digit = in[pos] - '0';
            // Accumulate negatively so Long.MIN_VALUE fits.
            if (value < (Long.MIN_VALUE + digit) / 10) throw new BencodeException(start, "integer out of 64-bit range");
            value = value * 10 - digit;
            pos++;
        }
        int digits = pos - digitsStart;
        if (digits == 0) throw new BencodeException(pos, pos >= end ? "unexpected end of input in integer" : "expected a digit in integer but found " + describe(in[pos]));
        if (pos >= end) throw new BencodeException(pos, "unexpected end of input, expected 'e' to end the integer");
        if (in[pos] != 'e') throw new BencodeException(pos, "expected 'e' to end the integer but found " + describe(in[pos]));
        if (digits > 1 && in[digitsStart] == '0') throw new BencodeException(digitsStart, "integer with a leading zero (not canonical)");
        if (negative && value == 0) throw new BencodeException(start, "negative zero integer (not canonical)");
        pos++; // 'e'
        if (!negative) {
            if (value == Long.MIN_VALUE) throw new BencodeException(start, "integer out of 64-bit range");
            value = -value;
        }
        return new BInt(value);
    }

    private BBytes bytes() throws BencodeException {
        int start = pos;
        long length = 0;
        while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
            length = length * 10 + (in[pos] - '0');
            pos++;
            if (length > end) {
                // Longer than the whole input: no need to read further digits.
                throw new BencodeException(start, "byte string length exceeds the remaining " + (end - start) + " bytes of input");
            }
        }
        if (pos >= end) throw new BencodeException(pos, "unexpected end of input, expected ':' after the string length");
        if (in[pos] != ':') throw new BencodeException(pos, "expected ':' after the string length but found " + describe(in[pos]));
        if (pos - start > 1 && in[start] == '0') throw new BencodeException(start, "string length with a leading zero (not canonical)");
        pos++; // ':'
        if (length > end - pos) throw new BencodeException(start, "byte string of " + length + " bytes exceeds the remaining " + (end - pos) + " bytes of input");
        byte[] value = Arrays.copyOfRange(in, pos, pos + (int) length);
        pos += (int) length;
        return BBytes.wrap(value);
    }

    private BList list(int depth) throws BencodeException {
        pos++; // 'l'
        List<BValue> values = new ArrayList<>();
        while (true) {
            if (pos >= end) throw new BencodeException(pos, "unexpected end of input, expected a list element or 'e'");
            if (in[pos] == 'e') {
                pos++;
                return new BList(values);
            }
            values.add(value(depth + 1));
        }
    }

    private BDict dict(int depth) throws BencodeException {
        pos++; // 'd'
        TreeMap<BBytes, BValue> entries = new TreeMap<>();
        Map<BBytes, ByteSpan> spans = new HashMap<>();
        BBytes previous = null;
        while (true) {
            if (pos >= end) throw new BencodeException(pos, "unexpected end of input, expected a dictionary key or 'e'");
            if (in[pos] == 'e') {
                pos++;
                return new BDict(entries, new BDict.Origin(in, spans));
            }
            int keyStart = pos;
            if (in[pos] < '0' || in[pos] > '9') throw new BencodeException(pos, "expected a byte string as dictionary key but found " + describe(in[pos]));
            count();
            BBytes key = bytes();
            if (previous != null) {
                int c = previous.compareTo(key);
                if (c == 0) throw new BencodeException(keyStart, "duplicate dictionary key " + key);
                if (c > 0) throw new BencodeException(keyStart, "dictionary key " + key + " out of sorted order (after " + previous + ")");
            }
            previous = key;
            if (pos < end && in[pos] == 'e') throw new BencodeException(pos, "dictionary key " + key + " has no value");
            int valueStart = pos;
            BValue v = value(depth + 1);
            entries.put(key, v);
            spans.put(key, new ByteSpan(valueStart, pos - valueStart));
        }
    }

    private static String describe(byte b) {
        if (b >= 0x21 && b <= 0x7e) return "'" + (char) b + "'";
        return String.format("byte 0x%02x", b & 0xff);
    }
}
