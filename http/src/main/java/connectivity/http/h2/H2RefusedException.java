package connectivity.http.h2;

import java.io.IOException;

/**
 * A request that did not get an answer for a reason that lets it be sent again on another connection.
 * {@link #unprocessed()}: the server said it did not process it (REFUSED_STREAM, a stream above its
 * GOAWAY's last one, RFC 9113 8.7) or it never left us, so any method may be retried; otherwise the
 * connection died before any response to it, and only an idempotent request may go again (as over
 * HTTP/1.1 on a stale connection).
 */
public final class H2RefusedException extends IOException {
    private final boolean unprocessed;

    public H2RefusedException(String message, boolean unprocessed) {
        super(message);
        this.unprocessed = unprocessed;
    }

    public boolean unprocessed() {
        return unprocessed;
    }
}
