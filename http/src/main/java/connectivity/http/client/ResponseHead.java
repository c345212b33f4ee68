package connectivity.http.client;

import connectivity.http.Headers;
import connectivity.http.HttpVersion;

/** A status line and its header fields, before the body. */
record ResponseHead(HttpVersion version, int status, String reason, Headers headers) {
    /**
     * Whether the server lets the connection carry another request (RFC 9112 section 9.3):
     * HTTP/1.1 unless it says close; HTTP/1.0 only if it says keep-alive.
     */
    boolean keepAlive() {
        if (headers.hasToken("Connection", "close")) return false;
        return version == HttpVersion.HTTP_1_1 || headers.hasToken("Connection", "keep-alive");
    }
}
