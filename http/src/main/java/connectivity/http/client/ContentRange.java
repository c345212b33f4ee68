package connectivity.http.client;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Content-Range value of a 206 ({@code bytes first-last/complete}, RFC 9110 section 14.4) or of a
 * 416 ({@code bytes * /complete}); {@code complete} is -1 when the server wrote {@code *}.
 */
record ContentRange(long first, long last, long complete) {
    private static final Pattern RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");
    private static final Pattern UNSATISFIED = Pattern.compile("bytes \\*/(\\d{1,18})");

    static Optional<ContentRange> parse(String value) {
        if (value == null) return Optional.empty();
        Matcher m = RANGE.matcher(value.strip());
        if (!m.matches()) return Optional.empty();
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        long complete = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        if (last < first || (complete >= 0 && last >= complete)) return Optional.empty();
        return Optional.of(new ContentRange(first, last, complete));
    }

    /** The complete length from a 416's {@code bytes * /N}, if it has one. */
    static Optional<Long> unsatisfiedLength(String value) {
        if (value == null) return Optional.empty();
        Matcher m = UNSATISFIED.matcher(value.strip());
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    long length() {
        return last - first + 1;
    }
}
