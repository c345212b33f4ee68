package connectivity.call.crypto;

import java.io.IOException;

/** A sealed record failed its GCM check: someone altered, reordered or forged bytes on the path. */
public final class AuthenticationFailedException extends IOException {
    public AuthenticationFailedException() {
        super("message authentication failed");
    }

    public AuthenticationFailedException(String message) {
        super(message);
    }
}
