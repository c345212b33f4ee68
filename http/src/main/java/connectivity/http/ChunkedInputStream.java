package connectivity.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes a chunked body (RFC 9112 section 7.1). Chunk sizes must be plain hex (no sign, no
 * spaces, at most 16 digits); chunk extensions are checked against their grammar and ignored;
 * every chunk must end in CRLF; trailer fields are read with the same strictness as headers,
 * bounded, and available from {@link #trailers()} once the body has ended. Malformed framing is
 * an {@link HttpParseException} with status 400; more decoded bytes than the limit give 413.
 * Closing it does not close the connection.
 */
public final class ChunkedInputStream extends InputStream implements TrailerSource {
    /** Default bound on the trailer section. */
    public static final int DEFAULT_MAX_TRAILER_BYTES = 8 * 1024;
    private static final int MAX_CHUNK_LINE = 4 * 1024;

    private final InputStream in;
    private final long maxBytes;
    private final int maxTrailerBytes;
    private long chunkRemaining;
    private long total;
    private boolean done;
    private boolean firstChunk = true;
    private Headers trailers = Headers.EMPTY;
    private final byte[] lineBuffer = new byte[MAX_CHUNK_LINE];

    /** A decoder without a size limit and with the default trailer bound. */
    public ChunkedInputStream(InputStream in) {
        this(in, Long.MAX_VALUE, DEFAULT_MAX_TRAILER_BYTES);
    }

    /**
     * @param maxBytes most decoded body bytes; beyond, reads throw {@link HttpParseException} with 413
     * @param maxTrailerBytes largest trailer section
     */
    public ChunkedInputStream(InputStream in, long maxBytes, int maxTrailerBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.maxTrailerBytes = maxTrailerBytes;
    }

    @Override
    public int read() throws IOException {
        if (!ensureChunk()) return -1;
        int c = in.read();
        if (c < 0) throw truncated();
        chunkRemaining--;
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        if (!ensureChunk()) return -1;
        int n = in.read(b, off, (int) Math.min(len, chunkRemaining));
        if (n < 0) throw truncated();
        chunkRemaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return done ? 0 : (int) Math.min(in.available(), chunkRemaining);
    }

    /** Whether the last chunk and the trailers have been read. */
    public boolean isDone() {
        return done;
    }

    /** Trailer fields; empty until the body has been read to its end. */
    @Override
    public Headers trailers() {
        return trailers;
    }

    /** Decoded bytes so far. */
    public long bytesRead() {
        return total;
    }

    /** Makes sure some chunk data is ready; false at the end of the body. */
    private boolean ensureChunk() throws IOException {
        if (done) return false;
        if (chunkRemaining > 0) return true;
        if (!firstChunk) expectCrlf();
        firstChunk = false;
        long size = readChunkSize();
        if (size == 0) {
            trailers = new MessageHeadReader(in, 0, maxTrailerBytes, MessageHeadReader.DEFAULT_MAX_FIELDS, 400).readHeaders();
            done = true;
            return false;
        }
        if (total + size > maxBytes || total + size < 0) {
            throw new HttpParseException(Status.CONTENT_TOO_LARGE, "body larger than " + maxBytes + " bytes");
        }
        total += size;
        chunkRemaining = size;
        return true;
    }

    private void expectCrlf() throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr < 0 || lf < 0) throw truncated();
        if (cr != '\r' || lf != '\n') throw new HttpParseException(400, "chunk data not followed by CRLF");
    }

    private long readChunkSize() throws IOException {
        int n = readChunkLine();
        byte[] l = lineBuffer;
        int i = 0;
        long size = 0;
        while (i < n && Syntax.isHexDigit(l[i])) {
            if (i >= 16) throw new HttpParseException(400, "chunk size too long");
            size = (size << 4) | Syntax.hexValue(l[i]);
            i++;
        }
        if (i == 0) throw new HttpParseException(400, "malformed chunk size");
        if (size < 0) throw new HttpParseException(400, "chunk size overflows");
        checkExtensions(l, i, n);
        return size;
    }

    /** chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ), ext-val = token / quoted-string. */
    private static void checkExtensions(byte[] l, int i, int n) throws HttpParseException {
        while (i < n) {
            i = skipBws(l, i, n);
            if (i >= n || l[i] != ';') throw new HttpParseException(400, "malformed chunk extension");
            i = skipBws(l, i + 1, n);
            int nameStart = i;
            while (i < n && Syntax.isTchar(l[i])) i++;
            if (i == nameStart) throw new HttpParseException(400, "malformed chunk extension name");
            int afterName = skipBws(l, i, n);
            if (afterName < n && l[afterName] == '=') {
                i = skipBws(l, afterName + 1, n);
                if (i < n && l[i] == '"') {
                    i = skipQuoted(l, i + 1, n);
                } else {
                    int valueStart = i;
                    while (i < n && Syntax.isTchar(l[i])) i++;
                    if (i == valueStart) throw new HttpParseException(400, "malformed chunk extension value");
                }
            } else {
                i = afterName;
            }
        }
    }

    private static int skipQuoted(byte[] l, int i, int n) throws HttpParseException {
        while (i < n) {
            int c = l[i] & 0xff;
            if (c == '"') return i + 1;
            if (c == '\\') {
                if (i + 1 >= n || !Syntax.isFieldValueChar(l[i + 1] & 0xff)) break;
                i += 2;
                continue;
            }
            if (!Syntax.isFieldValueChar(c)) break;
            i++;
        }
        throw new HttpParseException(400, "malformed quoted string in chunk extension");
    }

    private static int skipBws(byte[] l, int i, int n) {
        while (i < n && (l[i] == ' ' || l[i] == '\t')) i++;
        return i;
    }

    private int readChunkLine() throws IOException {
        int n = 0;
        while (true) {
            int c = in.read();
            if (c < 0) throw truncated();
            if (c == '\r') {
                int lf = in.read();
                if (lf < 0) throw truncated();
                if (lf != '\n') throw new HttpParseException(400, "bare CR in chunk header");
                return n;
            }
            if (c == '\n') throw new HttpParseException(400, "bare LF in chunk header");
            if (n >= lineBuffer.length) throw new HttpParseException(400, "chunk header line too long");
            lineBuffer[n++] = (byte) c;
        }
    }

    private static EOFException truncated() {
        return new EOFException("connection closed inside a chunked body");
    }

    @Override
    public void close() {
        // The connection belongs to the caller.
    }
}
