package connectivity.http.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * What to do with a 3xx answer (RFC 9110 section 15.4): 303 turns into GET (HEAD stays HEAD); 307 and
 * 308 repeat the method and body; 301 and 302 repeat it too, except that POST becomes GET as every
 * browser does. Location may be relative and is resolved against the URL that was asked.
 */
public final class RedirectPolicy {
    private RedirectPolicy() {}

    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * The request to send next, or empty if {@code status} is not a redirect we follow.
     *
     * @throws BadResponseException if the redirect has no usable Location
     */
    public static Optional<HttpRequest> next(HttpRequest sent, int status, Optional<String> location)
            throws BadResponseException {
        if (!isRedirect(status)) return Optional.empty();
        String raw = location.map(String::strip).orElseThrow(
                () -> new BadResponseException(status + " redirect without a Location"));
        if (raw.isEmpty()) throw new BadResponseException(status + " redirect with an empty Location");
        URI target = resolve(sent.uri(), raw);
        String method = sent.method();
        if (status == 303) {
            return Optional.of(sent.asBodiless(method.equals("HEAD") ? "HEAD" : "GET", target));
        }
        if ((status == 301 || status == 302) && method.equals("POST")) {
            return Optional.of(sent.asBodiless("GET", target));
        }
        return Optional.of(sent.withUri(target));
    }

    static URI resolve(URI base, String location) throws BadResponseException {
        URI ref;
        try {
            ref = new URI(location);
        } catch (URISyntaxException e) {
            throw new BadResponseException("bad Location '" + abbreviate(location) + "'");
        }
        URI resolved = base.resolve(ref);
        // A fragment is for the user agent, never sent.
        if (resolved.getRawFragment() != null) {
            String text = resolved.toString();
            resolved = URI.create(text.substring(0, text.indexOf('#')));
        }
        return resolved;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
