package connectivity.http.documents;

import connectivity.http.server.Response;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@code multipart/byteranges} body (RFC 9110 14.6): each range as a part with its own Content-Type and
 * Content-Range, between boundary lines. Its length is known before the first byte, so it goes out with
 * Content-Length (and over HTTP/2 alike). The writer is {@link Closeable}: the server closes it after the
 * response, written or not (HEAD, a client gone), which releases the file.
 */
final class MultipartByteranges implements Response.BodyWriter, Closeable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Representation.Content content;
    private final List<ByteRange> ranges;
    private final String boundary;
    private final String contentType;
    private final long size;

    private MultipartByteranges(Representation.Content content, List<ByteRange> ranges, String contentType) {
        this.content = content;
        this.ranges = ranges;
        this.contentType = contentType;
        this.size = content.size();
        byte[] random = new byte[12];
        RANDOM.nextBytes(random); // a boundary that cannot occur in the file by design of an attacker
        this.boundary = "conn-" + HexFormat.of().formatHex(random);
    }

    /** The 206 response's body, and the Content-Type to send with it. */
    static MultipartByteranges of(Representation.Content content, List<ByteRange> ranges, String contentType) {
        return new MultipartByteranges(content, ranges, contentType);
    }

    String mediaType() {
        return "multipart/byteranges; boundary=" + boundary;
    }

    Response.Streamed body() {
        long length = closing().length;
        for (ByteRange r : ranges) length += partHead(r).length + r.length();
        return new Response.Streamed(length, this);
    }

    private byte[] partHead(ByteRange r) {
        StringBuilder b = new StringBuilder("\r\n--").append(boundary).append("\r\n");
        if (contentType != null) b.append("Content-Type: ").append(contentType).append("\r\n");
        b.append("Content-Range: bytes ").append(r.first()).append('-').append(r.last()).append('/').append(size).append("\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] closing() {
        return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        for (ByteRange r : ranges) {
            out.write(partHead(r));
            content.copy(r.first(), r.length(), out);
        }
        out.write(closing());
    }

    @Override
    public void close() throws IOException {
        content.discard();
    }
}
