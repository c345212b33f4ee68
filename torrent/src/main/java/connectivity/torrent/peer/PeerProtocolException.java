package connectivity.torrent.peer;

import java.io.IOException;

/** The peer broke the wire protocol; the connection is closed. (Named apart from http's ProtocolException.) */
public final class PeerProtocolException extends IOException {
    public PeerProtocolException(String message) {
        super(message);
    }
}
