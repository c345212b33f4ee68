package connectivity.http.client;

import java.net.URI;
import java.util.Locale;

/**
 * Where a URL points for HTTP/1.1: the scheme (http, or https for TLS), the host and port to dial, the
 * Host header to send and the request-target (origin-form: path and query, never the fragment).
 */
public record HttpTarget(String scheme, String host, int port, String hostHeader, String requestTarget) {
    public static final int DEFAULT_PORT = 80;
    public static final int DEFAULT_TLS_PORT = 443;

    /** Checks that {@code uri} is an absolute http:// or https:// URL with a host and splits it up. */
    public static HttpTarget of(URI uri) throws UnsupportedUrlException {
        uri = URI.create(uri.toASCIIString()); // non-ASCII path characters go out percent-encoded as UTF-8
        String scheme = uri.getScheme();
        if (scheme == null) throw new UnsupportedUrlException("not an absolute URL: " + uri + " (try http://" + uri + ")");
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UnsupportedUrlException("unsupported URL scheme '" + scheme + "': only http:// and https:// are supported");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) throw new UnsupportedUrlException("no host in URL: " + uri);
        if (uri.getRawUserInfo() != null) throw new UnsupportedUrlException("user info in URLs is not supported: " + uri);
        int defaultPort = scheme.equals("https") ? DEFAULT_TLS_PORT : DEFAULT_PORT;
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        if (port < 1 || port > 65535) throw new UnsupportedUrlException("bad port in URL: " + uri);
        // URI keeps IPv6 literals in brackets; the Host header wants them, the resolver does not.
        String dialHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String hostHeader = port == defaultPort ? host : host + ":" + port;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new HttpTarget(scheme, dialHost, port, hostHeader, target);
    }

    /** Parses a user's URL string, saying in one line what is wrong with it. */
    public static URI parseUrl(String url) throws UnsupportedUrlException {
        try {
            return new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new UnsupportedUrlException("bad URL: " + e.getMessage());
        }
    }

    /** Whether the exchange runs over TLS. */
    public boolean secure() {
        return scheme.equals("https");
    }

    /** The key under which connections to this target are pooled: a TLS connection never serves http:// and back. */
    public String poolKey() {
        return scheme + "://" + host + ":" + port;
    }
}
