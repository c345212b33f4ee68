package connectivity.http.h2;

import java.io.IOException;

/**
 * A protocol error the peer caused (RFC 9113 5.4): a connection error (stream 0: we send GOAWAY and
 * close) or a stream error (we reset that stream and carry on).
 */
public final class H2Exception extends IOException {
    private final ErrorCode code;
    private final int streamId;

    private H2Exception(ErrorCode code, int streamId, String message) {
        super(message);
        this.code = code;
        this.streamId = streamId;
    }

    public static H2Exception connection(ErrorCode code, String message) {
        return new H2Exception(code, 0, message);
    }

    public static H2Exception stream(int streamId, ErrorCode code, String message) {
        return new H2Exception(code, streamId, message);
    }

    public ErrorCode code() {
        return code;
    }

    /** The stream to reset, or 0 for a connection error. */
    public int streamId() {
        return streamId;
    }

    public boolean connectionError() {
        return streamId == 0;
    }
}
