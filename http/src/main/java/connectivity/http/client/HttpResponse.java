package connectivity.http.client;

import connectivity.http.Headers;
import connectivity.http.HttpVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A complete response with its body in memory. {@code uri} is where it finally came from, after any
 * redirects.
 */
public record HttpResponse(HttpVersion version, int status, String reason, Headers headers, byte[] body, URI uri) {
    /** 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The body decoded as UTF-8 (what our servers and trackers send). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** {@code HTTP/1.1 200 OK}: the version the server spoke, the code, and its reason phrase. */
    public String statusLine() {
        return StatusText.line(version, status, reason);
    }
}
