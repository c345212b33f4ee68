package connectivity.call.client;

import connectivity.call.crypto.Identity;
import connectivity.call.crypto.SecureChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What an attempt needs to connect one call: who we are, whom we expect, its timeouts, and the two favours
 * it may ask of the rendezvous for this call. Nothing more of the client, so an attempt can be driven alone.
 */
public record DialContext(String callId, String peer, byte[] peerKey, Identity identity, String name,
        Duration connectTimeout, Duration pairTimeout, Favours rendezvous) {

    /** What the rendezvous (and our listener) can do for this call. */
    public interface Favours {
        /** Asks the rendezvous for a one-time token for {@code relay}; the callee is sent its own. */
        String relayToken(InetSocketAddress relay) throws IOException;

        /** Asks the rendezvous to have the callee connect to us and waits for it at our listener. */
        SecureChannel reverse() throws IOException;
    }
}
