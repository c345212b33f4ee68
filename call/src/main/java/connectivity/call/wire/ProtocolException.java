package connectivity.call.wire;

import java.io.IOException;

/** The peer broke the protocol: a malformed or oversized frame, an unexpected message. */
public class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
