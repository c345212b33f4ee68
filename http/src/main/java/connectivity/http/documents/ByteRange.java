package connectivity.http.documents;

import java.util.ArrayList;
import java.util.List;

/**
 * A byte range resolved against a representation length (RFC 9110 section 14).
 *
 * @param first first byte offset, inclusive
 * @param last last byte offset, inclusive
 */
record ByteRange(long first, long last) {
    /**
     * The most ranges one request may ask for; past it the header is ignored and the whole representation
     * sent (RFC 9110 14.2 lets a server ignore a Range with many small or overlapping ranges).
     */
    static final int MAX_RANGES = 16;

    /** What a Range header asks of a representation. */
    sealed interface Outcome permits Whole, Partial, Multipart, Unsatisfiable {}

    /** Send the whole representation (no Range, or one we ignore). */
    record Whole() implements Outcome {}

    record Partial(ByteRange range) implements Outcome {}

    /** Several satisfiable ranges, in the order asked: a {@code multipart/byteranges} answer. */
    record Multipart(List<ByteRange> ranges) implements Outcome {
        public Multipart {
            ranges = List.copyOf(ranges);
        }
    }

    /** 416: no range lies inside the representation. */
    record Unsatisfiable() implements Outcome {}

    long length() {
        return last - first + 1;
    }

    /**
     * Interprets a Range header. A header we do not understand is ignored (the whole representation is
     * sent), as the RFC allows. Of a set of ranges the unsatisfiable ones are dropped (RFC 9110 14.1.1);
     * none left is 416, one left a plain 206. More than {@link #MAX_RANGES}, or ranges that overlap so much
     * that they add up to more than the whole, get the whole representation instead: sending the same
     * bytes many times over is a cheap way to make a server work (the "Apache killer" of 2011).
     */
    static Outcome parse(String header, long size) {
        if (header == null) return new Whole();
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return new Whole();
        String[] specs = h.substring(6).split(",", -1);
        if (specs.length > MAX_RANGES) return new Whole();
        List<ByteRange> satisfiable = new ArrayList<>(specs.length);
        long total = 0;
        for (String spec : specs) {
            ByteRange r;
            try {
                r = one(spec.strip(), size);
            } catch (NumberFormatException e) {
                return new Whole();
            }
            if (r == WHOLE) return new Whole();
            if (r == UNSATISFIABLE) continue;
            satisfiable.add(r);
            total += r.length();
        }
        if (satisfiable.isEmpty()) return new Unsatisfiable();
        if (satisfiable.size() == 1) return new Partial(satisfiable.get(0));
        if (total > size) return new Whole();
        return new Multipart(satisfiable);
    }

    private static final ByteRange WHOLE = new ByteRange(-1, -1);
    private static final ByteRange UNSATISFIABLE = new ByteRange(-2, -2);

    /** One range-spec: a range, or WHOLE when malformed (the header is ignored), or UNSATISFIABLE. */
    private static ByteRange one(String spec, long size) {
        int dash = spec.indexOf('-');
        if (dash < 0) return WHOLE;
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        if (a.isEmpty()) {
            if (b.isEmpty()) return WHOLE;
            long suffix = digits(b);
            if (suffix == 0 || size == 0) return UNSATISFIABLE;
            return new ByteRange(Math.max(0, size - suffix), size - 1);
        }
        long first = digits(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
        if (last < first) return WHOLE;
        // RFC 9110 section 14.1.1: a first position at or past the end is unsatisfiable, open-ended or not.
        if (first >= size) return UNSATISFIABLE;
        return new ByteRange(first, Math.min(last, size - 1));
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) throw new NumberFormatException(s);
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') throw new NumberFormatException(s);
        return Long.parseLong(s);
    }
}
