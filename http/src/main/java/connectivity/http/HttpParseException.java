package connectivity.http;

import java.io.IOException;

/**
 * A message that breaks the HTTP/1.1 grammar or one of our limits. It carries the status a server
 * should answer with (400, 413, 414, 431, 501, 505, ...); after answering, the connection must be
 * closed because the framing of whatever follows can no longer be trusted.
 */
public class HttpParseException extends IOException {
    private final int status;

    /**
     * @param status the response status a server should send for this failure
     * @param message what was wrong, in one line (safe to show to the peer: never echoes raw input at length)
     */
    public HttpParseException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The status code to answer with. */
    public int status() {
        return status;
    }
}
