package connectivity.http.server;

import java.io.IOException;
import java.io.InputStream;

/**
 * The body handed to a handler. It sends "100 Continue" on the first read when the client asked
 * for it (so a handler that rejects the request without reading never invites the upload), and
 * remembers whether it reached the end or failed, which decides whether the connection can carry
 * another request.
 */
final class IncomingBody extends InputStream implements connectivity.http.TrailerSource {
    interface ContinueSender {
        void sendContinue() throws IOException;
    }

    private final InputStream in;
    private final ContinueSender continueSender;
    private boolean continueSent;
    private boolean finished;
    private IOException failure;

    IncomingBody(InputStream in, ContinueSender continueSender, boolean empty) {
        this.in = in;
        this.continueSender = continueSender;
        this.finished = empty;
    }

    @Override
    public int read() throws IOException {
        if (finished) return -1;
        before();
        try {
            int c = in.read();
            if (c < 0) finished = true;
            return c;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (finished) return -1;
        if (len == 0) return 0;
        before();
        try {
            int n = in.read(b, off, len);
            if (n < 0) finished = true;
            return n;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int available() throws IOException {
        return finished || failure != null ? 0 : in.available();
    }

    private void before() throws IOException {
        if (failure != null) throw failure;
        if (continueSender != null && !continueSent) {
            continueSent = true;
            continueSender.sendContinue();
        }
    }

    /** Whether the client asked for 100-continue and we never sent it (it may be holding the body back). */
    boolean continueWithheld() {
        return continueSender != null && !continueSent && !finished;
    }

    /** Chunked trailer fields, once the body was read to its end. */
    @Override
    public connectivity.http.Headers trailers() {
        return finished && in instanceof connectivity.http.TrailerSource t ? t.trailers() : connectivity.http.Headers.EMPTY;
    }

    boolean finished() {
        return finished;
    }

    /** The I/O failure a read met (truncation, timeout, malformed chunking, over the limit), if any. */
    IOException failure() {
        return failure;
    }

    /** Reads and drops the rest, up to {@code max} bytes; true if the body ended within that. */
    boolean drain(long max) {
        byte[] scratch = new byte[8192];
        long left = max;
        try {
            while (!finished && left > 0) {
                int n = read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n > 0) left -= n;
            }
        } catch (IOException e) {
            return false;
        }
        return finished;
    }

    @Override
    public void close() {
        // Closing the body does not close the connection; the server drains or drops the rest.
    }
}
