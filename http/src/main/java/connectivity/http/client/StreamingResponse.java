package connectivity.http.client;

import connectivity.http.Headers;
import connectivity.http.HttpVersion;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * A response whose body is still on the wire. Read {@link #body()} to the end and the connection goes
 * back to the pool; close early and it is closed instead (its framing is unknown after a partial read).
 * Always close it, e.g. with try-with-resources.
 */
public final class StreamingResponse implements Closeable {
    private final HttpVersion version;
    private final int status;
    private final String reason;
    private final Headers headers;
    private final InputStream body;
    private final URI uri;

    StreamingResponse(HttpVersion version, int status, String reason, Headers headers, InputStream body, URI uri) {
        this.version = version;
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.body = body;
        this.uri = uri;
    }

    public HttpVersion version() {
        return version;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public Headers headers() {
        return headers;
    }

    /** The body as it arrives, de-chunked; end of stream is the end of the body. */
    public InputStream body() {
        return body;
    }

    /** Where this response came from, after redirects. */
    public URI uri() {
        return uri;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** {@code HTTP/1.1 200 OK}: the version the server spoke, the code, and its reason phrase. */
    public String statusLine() {
        return StatusText.line(version, status, reason);
    }

    /** Content-Length when the server gave a valid one, else -1. */
    public long contentLength() {
        String value = headers.firstOrNull("Content-Length");
        if (value == null) return -1;
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads the whole body, refusing more than {@code limit} bytes, and closes. */
    public HttpResponse toResponse(long limit) throws IOException {
        try (this) {
            byte[] bytes = body.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
            if (body.read() != -1) throw new IOException("response body larger than " + limit + " bytes");
            return new HttpResponse(version, status, reason, headers, bytes, uri);
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
