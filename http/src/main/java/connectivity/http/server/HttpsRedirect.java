package connectivity.http.server;

import java.util.Locale;

/**
 * The handler of a cleartext listener that only sends clients to the TLS one: 301 to the same host
 * and path on https:// and {@code httpsPort}. The host comes from the Host header (its port dropped),
 * or {@code fallbackHost} when there is none.
 */
public final class HttpsRedirect implements Handler {
    private final int httpsPort;
    private final String fallbackHost;

    public HttpsRedirect(int httpsPort, String fallbackHost) {
        this.httpsPort = httpsPort;
        this.fallbackHost = fallbackHost;
    }

    @Override
    public Response handle(Request request) {
        String host = request.header("Host").map(HttpsRedirect::withoutPort).filter(h -> !h.isEmpty()).orElse(fallbackHost);
        String target = Targets.isAbsoluteForm(request.target())
                ? request.rawPath() + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery())
                : request.target();
        String location = "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + target;
        return Response.text(301, "301 Moved Permanently: " + location + "\n").withSetHeader("Location", location);
    }

    /** "example.org:8080" to "example.org", "[::1]:80" to "[::1]"; a Host with odd characters is not echoed. */
    static String withoutPort(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > h.lastIndexOf(']')) h = h.substring(0, colon);
        return h.matches("[a-z0-9.\\-\\[\\]:]+") ? h : "";
    }
}
