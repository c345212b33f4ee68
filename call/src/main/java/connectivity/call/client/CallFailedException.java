package connectivity.call.client;

import java.io.IOException;

/** A call could not be set up; the message is meant for the user. */
public final class CallFailedException extends IOException {
    public CallFailedException(String message) {
        super(message);
    }
}
