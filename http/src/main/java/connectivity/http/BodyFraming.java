package connectivity.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * How a message's body is delimited (RFC 9112 section 6.3), decided from its head. Requests with
 * both Transfer-Encoding and Content-Length, with conflicting Content-Length values, or with
 * chunked not last, are rejected (400): they are the raw material of request smuggling. A transfer
 * coding other than chunked is not implemented (501).
 *
 * @param kind how the body ends
 * @param length the body length for {@link Kind#FIXED}, else -1
 */
public record BodyFraming(Kind kind, long length) {
    /** How the end of a body is found. */
    public enum Kind {
        /** No body at all. */
        NONE,
        /** Exactly {@code length} bytes (Content-Length). */
        FIXED,
        /** Chunked transfer coding. */
        CHUNKED,
        /** Everything until the connection closes (responses only). */
        UNTIL_CLOSE
    }

    public static final BodyFraming NONE = new BodyFraming(Kind.NONE, -1);
    public static final BodyFraming CHUNKED = new BodyFraming(Kind.CHUNKED, -1);
    public static final BodyFraming UNTIL_CLOSE = new BodyFraming(Kind.UNTIL_CLOSE, -1);

    /** A fixed-length body; zero length is {@link #NONE}-like but keeps its kind for the head. */
    public static BodyFraming fixed(long length) {
        return new BodyFraming(Kind.FIXED, length);
    }

    /**
     * The framing of a request body.
     *
     * @throws HttpParseException 400 for ambiguous or malformed framing, 501 for an unsupported transfer coding
     */
    public static BodyFraming ofRequest(Headers headers) throws HttpParseException {
        boolean chunked = transferEncodingIsChunked(headers, true);
        long length = contentLength(headers);
        if (chunked) {
            if (length >= 0) throw new HttpParseException(400, "both Transfer-Encoding and Content-Length");
            return CHUNKED;
        }
        return length > 0 ? fixed(length) : NONE;
    }

    /**
     * The framing of a response body, given the request it answers.
     *
     * @param requestMethod the method of the request (HEAD responses never have a body)
     * @throws HttpParseException 502 for malformed framing or an unsupported transfer coding
     */
    public static BodyFraming ofResponse(String requestMethod, int status, Headers headers) throws HttpParseException {
        if ("HEAD".equals(requestMethod) || Status.forbidsContent(status)) return NONE;
        if ("CONNECT".equals(requestMethod) && status / 100 == 2) return NONE;
        try {
            if (headers.contains("Transfer-Encoding")) {
                return transferEncodingIsChunked(headers, false) ? CHUNKED : UNTIL_CLOSE;
            }
            long length = contentLength(headers);
            return length >= 0 ? fixed(length) : UNTIL_CLOSE;
        } catch (HttpParseException e) {
            throw new HttpParseException(502, e.getMessage());
        }
    }

    /**
     * The Content-Length, or -1 when absent. Repeated fields or list elements must all agree.
     *
     * @throws HttpParseException 400 when malformed or conflicting
     */
    public static long contentLength(Headers headers) throws HttpParseException {
        long result = -1;
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.name(i).equalsIgnoreCase("Content-Length")) continue;
            String value = headers.value(i);
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                long n = parseLength(value.substring(start, end).strip());
                if (result >= 0 && n != result) throw new HttpParseException(400, "conflicting Content-Length values");
                result = n;
                start = end + 1;
                if (comma < 0) break;
            }
        }
        return result;
    }

    private static long parseLength(String s) throws HttpParseException {
        if (s.isEmpty() || s.length() > 18) throw new HttpParseException(400, "malformed Content-Length");
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new HttpParseException(400, "malformed Content-Length");
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * Whether Transfer-Encoding (all fields joined) is exactly {@code chunked}. False when absent.
     *
     * @param request for a request, chunked not last is 400 and another coding 501; for a response,
     *     chunked not last means read until close (false), another coding with chunked last is 501
     */
    private static boolean transferEncodingIsChunked(Headers headers, boolean request) throws HttpParseException {
        boolean present = false;
        int codings = 0;
        boolean chunkedSeen = false;
        boolean lastIsChunked = false;
        boolean other = false;
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.name(i).equalsIgnoreCase("Transfer-Encoding")) continue;
            present = true;
            for (String part : headers.value(i).split(",", -1)) {
                String coding = part.strip().toLowerCase(Locale.ROOT);
                if (coding.isEmpty()) continue;
                int semicolon = coding.indexOf(';');
                if (semicolon >= 0) coding = coding.substring(0, semicolon).strip();
                codings++;
                boolean isChunked = coding.equals("chunked");
                if (isChunked && chunkedSeen) throw new HttpParseException(400, "chunked applied more than once");
                chunkedSeen |= isChunked;
                other |= !isChunked;
                lastIsChunked = isChunked;
            }
        }
        if (!present) return false;
        if (codings == 0) throw new HttpParseException(400, "empty Transfer-Encoding");
        if (request) {
            if (headers.contains("Content-Length")) throw new HttpParseException(400, "both Transfer-Encoding and Content-Length");
            if (!lastIsChunked) throw new HttpParseException(other ? 501 : 400, other ? "unsupported transfer coding" : "chunked is not the final transfer coding");
            if (other) throw new HttpParseException(501, "unsupported transfer coding");
            return true;
        }
        if (!lastIsChunked) return false;
        if (other) throw new HttpParseException(501, "unsupported transfer coding");
        return true;
    }

    /**
     * Opens the body on the connection's input stream.
     *
     * @param maxBytes most body bytes accepted: a larger fixed length fails at once, chunked and
     *     until-close bodies fail when they pass it (all with status 413)
     * @throws HttpParseException 413 when a Content-Length exceeds {@code maxBytes}
     */
    public InputStream open(InputStream in, long maxBytes) throws HttpParseException {
        return switch (kind) {
            case NONE -> EmptyInputStream.INSTANCE;
            case FIXED -> {
                if (length > maxBytes) throw new HttpParseException(Status.CONTENT_TOO_LARGE, "body larger than " + maxBytes + " bytes");
                yield length == 0 ? EmptyInputStream.INSTANCE : new FixedLengthInputStream(in, length);
            }
            case CHUNKED -> new ChunkedInputStream(in, maxBytes, ChunkedInputStream.DEFAULT_MAX_TRAILER_BYTES);
            case UNTIL_CLOSE -> new LimitedInputStream(in, maxBytes);
        };
    }

    /** A body of no bytes; stateless, so one instance serves every message. */
    static final class EmptyInputStream extends InputStream {
        static final EmptyInputStream INSTANCE = new EmptyInputStream();

        @Override
        public int read() {
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return len == 0 ? 0 : -1;
        }
    }

    /** Reads until end of stream, failing with 413 past a limit; does not close the source. */
    static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;
        private final long limit;

        LimitedInputStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0 && --remaining < 0) throw tooLarge();
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0 && (remaining -= n) < 0) throw tooLarge();
            return n;
        }

        private HttpParseException tooLarge() {
            return new HttpParseException(Status.CONTENT_TOO_LARGE, "body larger than " + limit + " bytes");
        }

        @Override
        public void close() {
            // The connection belongs to the caller.
        }
    }
}
