package connectivity.http;

/**
 * The first line of a request: {@code method SP request-target SP HTTP-version}.
 *
 * @param method a token, case-sensitive (GET and get are different methods)
 * @param target the request-target exactly as sent: origin-form {@code /path?query}, absolute-form,
 *     authority-form (CONNECT) or {@code *}; never decoded here
 * @param version the protocol version
 */
public record RequestLine(String method, String target, HttpVersion version) {
    public RequestLine {
        if (!Syntax.isToken(method)) throw new IllegalArgumentException("method is not a token: " + method);
        if (target.isEmpty()) throw new IllegalArgumentException("empty request target");
        for (int i = 0; i < target.length(); i++) {
            if (!Syntax.isTargetChar(target.charAt(i))) {
                throw new IllegalArgumentException("invalid character in request target");
            }
        }
    }

    /**
     * Parses a request line (without its CRLF) strictly per RFC 9112 section 3: exactly one space
     * between the three parts, a token method, a target of RFC 3986 characters with well-formed
     * %XX escapes.
     *
     * @throws HttpParseException 400 when malformed, 505 for a major version other than 1
     */
    public static RequestLine parse(String line) throws HttpParseException {
        int sp1 = line.indexOf(' ');
        int sp2 = line.lastIndexOf(' ');
        if (sp1 <= 0 || sp2 == sp1) throw new HttpParseException(400, "malformed request line");
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        if (!Syntax.isToken(method)) throw new HttpParseException(400, "invalid method");
        checkTarget(target);
        return new RequestLine(method, target, HttpVersion.parse(version, 505));
    }

    static void checkTarget(String target) throws HttpParseException {
        int n = target.length();
        if (n == 0) throw new HttpParseException(400, "empty request target");
        // The path is ours to decode, so a broken escape there is a bad request; the query belongs to
        // the application (a tracker answers a broken info_hash escape with its own failure reason).
        boolean inQuery = false;
        for (int i = 0; i < n; i++) {
            char c = target.charAt(i);
            if (!Syntax.isTargetChar(c)) throw new HttpParseException(400, "invalid character in request target");
            if (c == '?') inQuery = true;
            if (c == '%' && !inQuery) {
                if (i + 2 >= n || !Syntax.isHexDigit(target.charAt(i + 1)) || !Syntax.isHexDigit(target.charAt(i + 2))) {
                    throw new HttpParseException(400, "malformed percent-encoding in request target");
                }
            }
        }
    }

    /** The line as sent on the wire, without CRLF. */
    @Override
    public String toString() {
        return method + ' ' + target + ' ' + version.text();
    }
}
