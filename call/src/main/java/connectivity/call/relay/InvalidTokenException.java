package connectivity.call.relay;

import java.io.IOException;

/** A token that is malformed, forged, expired or already used. */
public final class InvalidTokenException extends IOException {
    public InvalidTokenException(String message) {
        super(message);
    }
}
