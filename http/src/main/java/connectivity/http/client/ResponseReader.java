package connectivity.http.client;

import connectivity.http.BodyFraming;
import connectivity.http.Headers;
import connectivity.http.HttpParseException;
import connectivity.http.MessageHeadReader;
import connectivity.http.StatusLine;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads response heads and opens their bodies with the shared wire classes, turning their parse
 * errors into "bad response from server".
 */
final class ResponseReader {
    private static final int MAX_STATUS_LINE = 8 * 1024;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_FIELDS = 200;

    private ResponseReader() {}

    /** Reads a status line and headers; every failure to parse is a {@link BadResponseException}. */
    static ResponseHead readHead(InputStream in) throws IOException {
        MessageHeadReader reader = new MessageHeadReader(in, MAX_STATUS_LINE, MAX_HEADER_BYTES, MAX_FIELDS, 502);
        try {
            StatusLine line = reader.readStatusLine();
            if (line == null) throw new BadResponseException("connection closed before the status line");
            Headers headers = reader.readHeaders();
            return new ResponseHead(line.version(), line.code(), line.reason(), headers);
        } catch (HttpParseException e) {
            throw new BadResponseException(e.getMessage(), e);
        } catch (EOFException e) {
            throw new BadResponseException("connection closed inside the response head", e);
        }
    }

    /** The body's framing (HEAD, 1xx, 204 and 304 have none); malformed framing is a bad response. */
    static BodyFraming framing(String method, ResponseHead head) throws BadResponseException {
        try {
            return BodyFraming.ofResponse(method, head.status(), head.headers());
        } catch (HttpParseException e) {
            throw new BadResponseException(e.getMessage(), e);
        }
    }

    /** The body stream for this framing, reading from the connection's input. */
    static InputStream body(InputStream in, BodyFraming framing) throws BadResponseException {
        try {
            return framing.open(in, Long.MAX_VALUE);
        } catch (HttpParseException e) {
            throw new BadResponseException(e.getMessage(), e);
        }
    }
}
