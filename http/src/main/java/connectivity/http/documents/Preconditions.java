package connectivity.http.documents;

import connectivity.http.Headers;
import connectivity.http.HttpDates;
import connectivity.http.Status;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The validators of a file and the conditional request fields judged against them (RFC 9110 section 13); no I/O. */
final class Preconditions {
    private Preconditions() {}

    static String etag(BasicFileAttributes attrs) {
        // The inode changes on every atomic replacement, the time on every write in place.
        Object key = attrs.fileKey();
        long nanos = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        return "\"" + (key == null ? "" : Integer.toHexString(key.hashCode()) + "-")
                + Long.toHexString(nanos) + "-" + Long.toHexString(attrs.size()) + "\"";
    }

    /** RFC 9110 section 13.2.2: If-None-Match wins over If-Modified-Since. */
    static boolean notModified(Headers headers, String etag, Instant modified) {
        String inm = headers.firstOrNull("If-None-Match");
        if (inm != null) return matchesAny(inm, etag, true);
        String ims = headers.firstOrNull("If-Modified-Since");
        if (ims == null) return false;
        Optional<Instant> since = HttpDates.parse(ims);
        return since.isPresent() && modified.getEpochSecond() <= since.get().getEpochSecond();
    }

    static boolean ifRangeHolds(Headers headers, String etag, String lastModified) {
        String ifRange = headers.firstOrNull("If-Range");
        if (ifRange == null) return true;
        String v = ifRange.strip();
        if (v.startsWith("\"")) return v.equals(etag); // strong comparison
        return v.equals(lastModified);
    }

    /** Whether an If-None-Match / If-Match list names this entity tag ("*" names any). */
    static boolean matchesAny(String list, String etag, boolean weak) {
        for (String candidate : list.split(",")) {
            String c = candidate.strip();
            if (c.equals("*")) return true;
            if (weak && c.startsWith("W/")) c = c.substring(2);
            if (c.equals(etag)) return true;
        }
        return false;
    }

    /**
     * Whether a PUT may replace the current representation: 0, or 412 when If-None-Match names it
     * (or "*" and something is there) or If-Match does not.
     *
     * @param currentEtag the entity tag of what is there now, null when nothing is
     */
    static int forPut(Headers headers, String currentEtag) {
        String ifNoneMatch = headers.firstOrNull("If-None-Match");
        if (ifNoneMatch != null && currentEtag != null && matchesAny(ifNoneMatch, currentEtag, true)) {
            return Status.PRECONDITION_FAILED;
        }
        String ifMatch = headers.firstOrNull("If-Match");
        if (ifMatch != null && (currentEtag == null || !matchesAny(ifMatch, currentEtag, false))) {
            return Status.PRECONDITION_FAILED;
        }
        return 0;
    }
}
