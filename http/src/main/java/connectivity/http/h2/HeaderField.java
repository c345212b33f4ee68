package connectivity.http.h2;

/**
 * One decoded header field. Names and values are octets held as ISO-8859-1 strings (one char per
 * byte, lossless); validating them as HTTP field syntax is the connection's job, not HPACK's.
 */
public record HeaderField(String name, String value) {
    /** The size RFC 7541 4.1 counts for a table entry and RFC 9113 for SETTINGS_MAX_HEADER_LIST_SIZE. */
    public int size() {
        return name.length() + value.length() + 32;
    }
}
