package connectivity.http.h2;

import java.io.IOException;

/**
 * A header block we refuse: malformed (a COMPRESSION_ERROR for the connection, since the decoder's
 * state can no longer be trusted) or, with {@link #tooLarge()}, well-formed but over the header list
 * limit (the block was still decoded to the end, so the dynamic table stays in step and only the
 * stream is refused).
 */
public final class HpackException extends IOException {
    private final boolean tooLarge;

    HpackException(String message) {
        this(message, false);
    }

    HpackException(String message, boolean tooLarge) {
        super(message);
        this.tooLarge = tooLarge;
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
