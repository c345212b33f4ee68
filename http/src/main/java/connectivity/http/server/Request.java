package connectivity.http.server;

import connectivity.http.Headers;
import connectivity.http.HttpVersion;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One request as the handler sees it.
 *
 * @param method the method token, e.g. GET
 * @param target the request-target exactly as sent
 * @param path the path, percent-decoded as UTF-8 (an encoded slash becomes a slash here: code that
 *     maps paths onto something hierarchical should look at {@link #rawPath()} too)
 * @param rawQuery the query after '?', not decoded (binary %XX values stay as sent); empty when absent
 * @param headers the header fields
 * @param body the body, already de-chunked and bounded by the server's limit; empty when there is none.
 *     Reading it past the limit throws an {@link connectivity.http.HttpParseException} with status 413.
 * @param remoteAddress the peer
 * @param version HTTP/1.0 or HTTP/1.1
 */
public record Request(
        String method,
        String target,
        String path,
        String rawQuery,
        Headers headers,
        InputStream body,
        InetSocketAddress remoteAddress,
        HttpVersion version) {

    /** The first value of a header. */
    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /**
     * The trailer fields that ended the body (chunked HTTP/1.1, or HTTP/2 trailers), once the body has been
     * read to its end; empty before that or when none came. They arrive after the head, so nothing the
     * server decided from the head (framing, routing) saw them; a handler that trusts one (a checksum, a
     * signature) checks it itself.
     */
    public Headers trailers() {
        return body instanceof connectivity.http.TrailerSource t ? t.trailers() : Headers.EMPTY;
    }

    /** The path as sent, before percent-decoding (for origin-form targets, the target up to '?'). */
    public String rawPath() {
        return Targets.rawPath(target);
    }
}
