package connectivity.torrent.daemon.rpc;

import connectivity.http.server.Request;
import connectivity.http.server.Response;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What every request to the daemon's RPC and web UI passes first, as transmission-daemon has it: basic auth when a
 * password is set; a Host header naming this machine (an IP literal, {@code localhost}, or a name allowed by the
 * user), so a page on another site cannot reach us by DNS rebinding; and for the RPC, the session id
 * ({@code X-Transmission-Session-Id}), which a page on another origin can neither read (the 409 that carries it is
 * not shared cross-origin) nor send (a custom header needs a CORS preflight we never grant): it is the CSRF token.
 */
public final class RpcGate {
    public static final String SESSION_HEADER = "X-Transmission-Session-Id";

    private final Optional<String> credentials;
    private final List<String> allowedHosts;
    private final String sessionId;

    /** {@code user} and {@code password} both or neither; {@code allowedHosts} are extra host names (lower case). */
    public RpcGate(Optional<String> user, Optional<String> password, List<String> allowedHosts) {
        this.credentials = password.map(p -> user.orElse("") + ":" + p);
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        this.sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public String sessionId() {
        return sessionId;
    }

    public boolean passwordRequired() {
        return credentials.isPresent();
    }

    /** Null when the request may go on; else the answer (401, 421). */
    public Response admit(Request r) {
        if (!hostAllowed(r.header("Host").orElse(""))) {
            return Response.html(421, "<h1>421: Misdirected Request</h1><p>Unauthorized: this server answers only to its address, "
                    + "localhost and the host names it was given (--rpc-host).</p>");
        }
        if (credentials.isPresent() && !authorized(r.header("Authorization").orElse(""))) {
            return Response.html(401, "<h1>401: Unauthorized</h1>").withHeader("WWW-Authenticate", "Basic realm=\"Transmission\"");
        }
        return null;
    }

    /** For the RPC: also the session id, else 409 telling it (as transmission-remote expects). */
    public Response admitRpc(Request r) {
        Response refused = admit(r);
        if (refused != null) return refused;
        String theirs = r.header(SESSION_HEADER).orElse("");
        if (!MessageDigest.isEqual(theirs.getBytes(StandardCharsets.UTF_8), sessionId.getBytes(StandardCharsets.UTF_8))) {
            return Response.html(409, "<h1>409: Conflict</h1><p>Your request had an invalid session-id header.</p><p>"
                    + SESSION_HEADER + ": " + sessionId + "</p>").withHeader(SESSION_HEADER, sessionId);
        }
        return null;
    }

    private boolean authorized(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) return false;
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, credentials.get().getBytes(StandardCharsets.UTF_8));
    }

    /** An IP literal, localhost, or a name the user allowed. */
    boolean hostAllowed(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.isEmpty()) return false;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 && isIpLiteral(h.substring(1, end));
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0) h = h.substring(0, colon);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h.equals("localhost") || h.endsWith(".localhost") || isIpLiteral(h) || allowedHosts.contains(h);
    }

    private static boolean isIpLiteral(String h) {
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : h.split("\\.")) if (Integer.parseInt(part) > 255) return false;
            return true;
        }
        if (!h.contains(":") || !h.matches("[0-9a-f:.]+")) return false;
        try {
            InetAddress.getByName(h); // only hex digits, colons and dots: parsed as a literal, never looked up
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
