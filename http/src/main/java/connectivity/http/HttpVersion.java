package connectivity.http;

/** The protocol versions we speak. Any HTTP/1.x with x at least 1 is handled as HTTP/1.1. */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1"),
    /** Requests over HTTP/2 streams; never parsed from a request line. */
    HTTP_2("HTTP/2.0"); // as nginx and Apache write it in access logs

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** The version as it appears on the wire, e.g. {@code HTTP/1.1}. */
    public String text() {
        return text;
    }

    /**
     * Parses {@code HTTP/DIGIT.DIGIT} strictly.
     *
     * @param unsupportedStatus the status to carry when the syntax is right but the major version is not 1
     *     (505 for a server reading a request)
     * @throws HttpParseException 400 when malformed, {@code unsupportedStatus} for HTTP/0.x or HTTP/2+
     */
    public static HttpVersion parse(String s, int unsupportedStatus) throws HttpParseException {
        if (s.length() != 8 || !s.startsWith("HTTP/") || s.charAt(6) != '.'
                || !isDigit(s.charAt(5)) || !isDigit(s.charAt(7))) {
            throw new HttpParseException(400, "malformed HTTP version");
        }
        int major = s.charAt(5) - '0';
        int minor = s.charAt(7) - '0';
        if (major != 1) throw new HttpParseException(unsupportedStatus, "unsupported HTTP version " + s);
        return minor == 0 ? HTTP_1_0 : HTTP_1_1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public String toString() {
        return text;
    }
}
