package connectivity.http.client;

import java.io.IOException;

/** The server answered, but not in HTTP/1.1 we can follow: a garbage status line, broken framing, a bad redirect. */
public final class BadResponseException extends IOException {
    public BadResponseException(String what) {
        super("bad response from server: " + what);
    }

    public BadResponseException(String what, Throwable cause) {
        super("bad response from server: " + what, cause);
    }
}
