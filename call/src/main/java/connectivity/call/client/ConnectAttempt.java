package connectivity.call.client;

import connectivity.call.crypto.SecureChannel;
import java.io.IOException;

/**
 * One way of connecting the caller to the callee. The caller tries its attempts in order and keeps
 * the first that yields an authenticated channel; new strategies (hole punching) slot into the list.
 */
public interface ConnectAttempt {
    /** The name users see: direct, reverse, relay. */
    String path();

    /** A short description for progress output, e.g. "direct to 198.18.0.100:4000". */
    String describe();

    /** Connects and runs the handshake within the attempt's own timeouts, or throws saying why not. */
    SecureChannel connect(DialContext ctx) throws IOException;
}
