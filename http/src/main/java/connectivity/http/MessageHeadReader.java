package connectivity.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the head of an HTTP/1.1 message (start line and header fields) strictly per RFC 9112.
 *
 * <p>It reads one byte at a time and never past the blank line that ends the head, so the body
 * can be read from the same stream afterwards: give it a buffered stream. It rejects bare CR and
 * bare LF, obs-fold (a line starting with whitespace), whitespace before the colon, field names
 * that are not tokens, and control characters in values; and it bounds the start line, the whole
 * header section and the number of fields. One reader can be reused for every message on a
 * connection; it is not thread-safe.
 */
public final class MessageHeadReader {
    /** Longest request line accepted by default: 8 KiB, answered with 414 beyond. */
    public static final int DEFAULT_MAX_START_LINE = 8 * 1024;
    /** Largest header section (every field line with its CRLF) by default: 64 KiB, 431 beyond. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
    /** Most header fields accepted by default, 431 beyond. */
    public static final int DEFAULT_MAX_FIELDS = 100;
    // RFC 9112 section 2.2: a server should ignore at least one empty line before the request line.
    private static final int MAX_LEADING_EMPTY_LINES = 4;

    private final InputStream in;
    private final int maxStartLine;
    private final int maxHeaderBytes;
    private final int maxFields;
    private final int tooLargeStatus;
    private byte[] line = new byte[256];
    private boolean started;

    /** A reader with the default limits, for requests or responses. */
    public MessageHeadReader(InputStream in) {
        this(in, DEFAULT_MAX_START_LINE, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_FIELDS);
    }

    /**
     * @param maxStartLine longest start line in bytes, without CRLF
     * @param maxHeaderBytes largest header section in bytes, counting each field line's CRLF and the final blank line
     * @param maxFields most header fields
     */
    public MessageHeadReader(InputStream in, int maxStartLine, int maxHeaderBytes, int maxFields) {
        this(in, maxStartLine, maxHeaderBytes, maxFields, Status.HEADER_FIELDS_TOO_LARGE);
    }

    /** As above, with the status to carry when a limit is exceeded (431 for requests, 502 for a client reading a response). */
    public MessageHeadReader(InputStream in, int maxStartLine, int maxHeaderBytes, int maxFields, int tooLargeStatus) {
        this.in = in;
        this.maxStartLine = maxStartLine;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxFields = maxFields;
        this.tooLargeStatus = tooLargeStatus;
    }

    /**
     * Reads a request line, skipping a few empty lines before it.
     *
     * @return the request line, or null if the stream ended cleanly before the first byte of a message
     * @throws HttpParseException 400 when malformed, 414 when longer than the limit, 505 for HTTP/2+
     * @throws EOFException when the stream ends inside the line
     */
    public RequestLine readRequestLine() throws IOException {
        String s = readStartLine(Status.URI_TOO_LONG);
        return s == null ? null : RequestLine.parse(s);
    }

    /**
     * Reads a status line.
     *
     * @return the status line, or null if the stream ended cleanly before the first byte
     * @throws HttpParseException (status 502) when malformed or too long
     */
    public StatusLine readStatusLine() throws IOException {
        String s = readStartLine(Status.BAD_GATEWAY);
        return s == null ? null : StatusLine.parse(s);
    }

    /**
     * Reads a start line (either kind) as text.
     *
     * @param tooLongStatus status to carry if the line is over the limit
     * @return the line without CRLF, or null at a clean end of stream before the first byte
     */
    public String readStartLine(int tooLongStatus) throws IOException {
        started = false;
        for (int empty = 0; ; empty++) {
            int n = readLine(maxStartLine, tooLongStatus, "start line", true);
            if (n < 0) return null;
            if (n > 0) return new String(line, 0, n, StandardCharsets.ISO_8859_1);
            if (empty >= MAX_LEADING_EMPTY_LINES) throw new HttpParseException(400, "too many empty lines before the start line");
        }
    }

    /** Whether the current message has begun to arrive: at least one byte of its start line was read. */
    public boolean started() {
        return started;
    }

    /**
     * Reads header fields up to and including the blank line that ends them. Also reads chunked
     * trailers, which have the same syntax.
     *
     * @throws HttpParseException 400 when malformed, 431 (or the configured status) over a limit
     * @throws EOFException when the stream ends before the blank line
     */
    public Headers readHeaders() throws IOException {
        Headers.Builder b = Headers.builder();
        int budget = maxHeaderBytes;
        while (true) {
            int n = readLine(budget - 2, tooLargeStatus, "header section", false);
            budget -= n + 2;
            if (n == 0) return b.build();
            if (b.size() >= maxFields) throw new HttpParseException(tooLargeStatus, "too many header fields");
            parseField(n, b);
        }
    }

    private void parseField(int n, Headers.Builder b) throws HttpParseException {
        byte[] l = line;
        if (l[0] == ' ' || l[0] == '\t') throw new HttpParseException(400, "obsolete line folding in header");
        int colon = -1;
        for (int i = 0; i < n; i++) {
            int c = l[i] & 0xff;
            if (c == ':') {
                colon = i;
                break;
            }
            if (!Syntax.isTchar(c)) {
                throw new HttpParseException(400, c == ' ' || c == '\t'
                        ? "whitespace before colon in header field" : "invalid character in header name");
            }
        }
        if (colon <= 0) throw new HttpParseException(400, colon == 0 ? "empty header name" : "header field without colon");
        int start = colon + 1;
        int end = n;
        while (start < end && (l[start] == ' ' || l[start] == '\t')) start++;
        while (end > start && (l[end - 1] == ' ' || l[end - 1] == '\t')) end--;
        for (int i = start; i < end; i++) {
            if (!Syntax.isFieldValueChar(l[i] & 0xff)) throw new HttpParseException(400, "invalid character in header value");
        }
        b.addTrusted(
                new String(l, 0, colon, StandardCharsets.ISO_8859_1),
                new String(l, start, end - start, StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads one CRLF-terminated line into {@link #line}.
     *
     * @return its length without CRLF, or -1 on a clean end of stream before any byte (only if {@code eofOk})
     */
    private int readLine(int max, int tooLongStatus, String what, boolean eofOk) throws IOException {
        InputStream in = this.in;
        byte[] l = line;
        int n = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (eofOk && n == 0 && !started) return -1;
                throw new EOFException("connection closed inside the message head");
            }
            started = true;
            if (c == '\r') {
                if (in.read() != '\n') throw new HttpParseException(400, "bare CR in message head");
                line = l;
                return n;
            }
            if (c == '\n') throw new HttpParseException(400, "bare LF in message head");
            if (n >= max) throw new HttpParseException(tooLongStatus, what + " too long");
            if (n == l.length) l = java.util.Arrays.copyOf(l, Math.min(Math.max(max, 1), l.length * 2));
            l[n++] = (byte) c;
        }
    }
}
