package connectivity.http.client;

import java.io.IOException;

/** A URL this client cannot fetch: not http://, no host, a bad port. The message is one line for the user. */
public final class UnsupportedUrlException extends IOException {
    public UnsupportedUrlException(String message) {
        super(message);
    }
}
