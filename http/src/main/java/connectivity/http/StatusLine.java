package connectivity.http;

/**
 * The first line of a response: {@code HTTP-version SP status-code SP [reason-phrase]}.
 *
 * @param version the protocol version the server speaks
 * @param code three-digit status code, 100 to 599
 * @param reason the reason phrase, possibly empty; clients must not rely on it
 */
public record StatusLine(HttpVersion version, int code, String reason) {
    public StatusLine {
        if (code < 100 || code > 599) throw new IllegalArgumentException("status code out of range: " + code);
        for (int i = 0; i < reason.length(); i++) {
            if (!Syntax.isFieldValueChar(reason.charAt(i))) throw new IllegalArgumentException("invalid reason phrase");
        }
    }

    /** A status line with the standard reason phrase. */
    public static StatusLine of(int code) {
        return new StatusLine(HttpVersion.HTTP_1_1, code, Status.reason(code));
    }

    /**
     * Parses a status line (without its CRLF) per RFC 9112 section 4. A missing space and reason after
     * the code is tolerated, since some servers send {@code HTTP/1.1 200}.
     *
     * @throws HttpParseException 502 when malformed or of a major version other than 1 (the status
     *     a gateway would answer with)
     */
    public static StatusLine parse(String line) throws HttpParseException {
        if (line.length() < 12 || line.charAt(8) != ' ') throw new HttpParseException(502, "malformed status line");
        HttpVersion version;
        try {
            version = HttpVersion.parse(line.substring(0, 8), 502);
        } catch (HttpParseException e) {
            throw new HttpParseException(502, e.getMessage());
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') throw new HttpParseException(502, "malformed status code");
            code = code * 10 + (c - '0');
        }
        if (code < 100 || code > 599) throw new HttpParseException(502, "status code out of range");
        String reason = "";
        if (line.length() > 12) {
            if (line.charAt(12) != ' ') throw new HttpParseException(502, "malformed status line");
            reason = line.substring(13);
            for (int i = 0; i < reason.length(); i++) {
                if (!Syntax.isFieldValueChar(reason.charAt(i))) throw new HttpParseException(502, "invalid reason phrase");
            }
        }
        return new StatusLine(version, code, reason);
    }

    /** The line as sent on the wire, without CRLF. */
    @Override
    public String toString() {
        return version.text() + ' ' + code + ' ' + reason;
    }
}
