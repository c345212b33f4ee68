package connectivity.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110 section 5.6.7). We send only IMF-fixdate, e.g.
 * {@code Sun, 06 Nov 1994 08:49:37 GMT}; we accept it and the two obsolete forms
 * (RFC 850 and asctime), as recipients must.
 */
public final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    // RFC 9110: a two-digit year more than 50 years in the future is in the past century. The weekday
    // is skipped (see parse) because checking it against a guessed century would reject valid dates.
    private static final DateTimeFormatter RFC_850_WITHOUT_WEEKDAY = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("dd-MMM-")
            .appendValueReduced(java.time.temporal.ChronoField.YEAR, 2, 2, java.time.LocalDate.now(ZoneOffset.UTC).minusYears(50))
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    // The Date header changes once a second; formatting it per response is measurable on a busy server.
    private record Cached(long second, String text) {}

    private static volatile Cached now = new Cached(Long.MIN_VALUE, "");

    private HttpDates() {}

    /** Formats as IMF-fixdate; sub-second precision is dropped. */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** The current time as IMF-fixdate, recomputed at most once per second. */
    public static String now() {
        long second = System.currentTimeMillis() / 1000;
        Cached c = now;
        if (c.second != second) {
            c = new Cached(second, format(Instant.ofEpochSecond(second)));
            now = c;
        }
        return c.text;
    }

    /** Parses any of the three HTTP date forms; empty when the text is none of them (such a header is ignored). */
    public static Optional<Instant> parse(String text) {
        if (text == null) return Optional.empty();
        String s = text.strip();
        try {
            return Optional.of(Instant.from(IMF_FIXDATE.parse(s)));
        } catch (DateTimeParseException ignored) {
            // try the obsolete forms
        }
        int comma = s.indexOf(", ");
        if (comma > 0 && s.indexOf('-') > comma) {
            try {
                return Optional.of(LocalDateTime.parse(s.substring(comma + 2), RFC_850_WITHOUT_WEEKDAY).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(LocalDateTime.parse(s, ASCTIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            return Optional.empty();
        }
    }

}
