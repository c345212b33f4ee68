package connectivity.http.client;

import java.io.IOException;

/** Redirects went on past the client's bound, most often a loop. */
public final class TooManyRedirectsException extends IOException {
    public TooManyRedirectsException(int limit, java.net.URI last) {
        super("too many redirects (more than " + limit + "), last to " + last);
    }
}
