package connectivity.call.wire;

import java.io.IOException;

/** The peer broke the protocol: a malformed or oversized frame, an unexpected message. */
public class CallProtocolException extends IOException {
    public CallProtocolException(String message) {
        super(message);
    }
}
