package connectivity.http.documents;

/**
 * A single byte range resolved against a representation length (RFC 9110 section 14).
 *
 * @param first first byte offset, inclusive
 * @param last last byte offset, inclusive
 */
record ByteRange(long first, long last) {
    /** What a Range header asks of a representation. */
    sealed interface Outcome permits Whole, Partial, Unsatisfiable {}

    /** Send the whole representation (no Range, one we ignore, or several ranges). */
    record Whole() implements Outcome {}

    record Partial(ByteRange range) implements Outcome {}

    /** 416: the range lies entirely past the end. */
    record Unsatisfiable() implements Outcome {}

    long length() {
        return last - first + 1;
    }

    /**
     * Interprets a Range header. A header we do not understand is ignored (the whole representation is
     * sent), as the RFC allows; so are multiple ranges, which we do not serve as multipart.
     */
    static Outcome parse(String header, long size) {
        if (header == null) return new Whole();
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return new Whole();
        String spec = h.substring(6).strip();
        if (spec.indexOf(',') >= 0) return new Whole();
        int dash = spec.indexOf('-');
        if (dash < 0) return new Whole();
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) return new Whole();
                long suffix = digits(b);
                if (suffix == 0 || size == 0) return new Unsatisfiable();
                return new Partial(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = digits(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
            if (last < first) return new Whole();
            // RFC 9110 section 14.1.1: a first position at or past the end is unsatisfiable, open-ended or not.
            if (first >= size) return new Unsatisfiable();
            return new Partial(new ByteRange(first, Math.min(last, size - 1)));
        } catch (NumberFormatException e) {
            return new Whole();
        }
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) throw new NumberFormatException(s);
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') throw new NumberFormatException(s);
        return Long.parseLong(s);
    }
}
