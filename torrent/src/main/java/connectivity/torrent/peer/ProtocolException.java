package connectivity.torrent.peer;

import java.io.IOException;

/** The peer broke the wire protocol; the connection is closed. */
public final class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
