package connectivity.http.client;

import connectivity.http.Headers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to send: method, absolute http:// URL, extra header fields and an optional body.
 * Immutable; {@link #withHeader} returns a copy. Host, Content-Length and Connection are written by
 * the client, not taken from here.
 */
public record HttpRequest(String method, URI uri, Headers headers, Optional<RequestBody> body) {
    public HttpRequest {
        Objects.requireNonNull(method);
        Objects.requireNonNull(uri);
        Objects.requireNonNull(headers);
        Objects.requireNonNull(body);
        if (method.isEmpty() || method.chars().anyMatch(c -> c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0))
            throw new IllegalArgumentException("bad method: " + method);
    }

    public static HttpRequest get(URI uri) {
        return new HttpRequest("GET", uri, Headers.EMPTY, Optional.empty());
    }

    public static HttpRequest head(URI uri) {
        return new HttpRequest("HEAD", uri, Headers.EMPTY, Optional.empty());
    }

    public static HttpRequest delete(URI uri) {
        return new HttpRequest("DELETE", uri, Headers.EMPTY, Optional.empty());
    }

    public static HttpRequest put(URI uri, RequestBody body) {
        return new HttpRequest("PUT", uri, Headers.EMPTY, Optional.of(body));
    }

    /** PUT with the file streamed from disk, with its size as Content-Length. */
    public static HttpRequest put(URI uri, Path file) throws IOException {
        return put(uri, RequestBody.ofFile(file));
    }

    public static HttpRequest post(URI uri, RequestBody body) {
        return new HttpRequest("POST", uri, Headers.EMPTY, Optional.of(body));
    }

    /**
     * A copy with one more header field.
     *
     * @throws IllegalArgumentException if the name is not a token or the value has CR, LF or controls
     */
    public HttpRequest withHeader(String name, String value) {
        return new HttpRequest(method, uri, headers.toBuilder().add(name, value).build(), body);
    }

    public HttpRequest withUri(URI other) {
        return new HttpRequest(method, other, headers, body);
    }

    /** The same request as a bodiless one with another method, as a 303 (or a 301/302 after POST) asks. */
    public HttpRequest asBodiless(String newMethod, URI other) {
        Headers kept = headers.toBuilder().remove("Content-Type").remove("Content-Encoding").build();
        return new HttpRequest(newMethod, other, kept, Optional.empty());
    }

    /** First value of a header the caller set, ignoring case. */
    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /**
     * Safe to send twice (RFC 9110 section 9.2.2): a request on a reused connection that died before
     * any answer may be retried once on a fresh one.
     */
    public boolean idempotent() {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE" -> true;
            default -> false;
        };
    }
}
