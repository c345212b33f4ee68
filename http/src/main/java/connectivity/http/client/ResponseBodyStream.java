package connectivity.http.client;

import connectivity.http.HttpParseException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body as the caller sees it. It hands the connection back exactly once: to the pool when the
 * body ended cleanly on a keep-alive connection, to the bin on any error or early close. Framing
 * errors from the wire classes surface as "bad response from server".
 */
final class ResponseBodyStream extends FilterInputStream {
    /** Where the connection goes when the body is done. */
    interface Outcome {
        void finished(boolean reusable);
    }

    private final Outcome outcome;
    private final boolean keepAlive;
    private boolean done;

    ResponseBodyStream(InputStream framed, boolean keepAlive, Outcome outcome) {
        super(framed);
        this.keepAlive = keepAlive;
        this.outcome = outcome;
    }

    @Override
    public int read() throws IOException {
        if (done) return -1;
        try {
            int b = super.read();
            if (b < 0) finish(keepAlive);
            return b;
        } catch (IOException e) {
            finish(false);
            throw translate(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) return -1;
        if (len == 0) return 0;
        try {
            int n = super.read(b, off, len);
            if (n < 0) finish(keepAlive);
            return n;
        } catch (IOException e) {
            finish(false);
            throw translate(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        // FilterInputStream.skip would bypass EOF detection; reading keeps one path.
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(1, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) break;
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return done ? 0 : super.available();
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Closing before the end leaves unread bytes on the wire, so the connection cannot be reused. */
    @Override
    public void close() {
        finish(false);
    }

    private void finish(boolean reusable) {
        if (done) return;
        done = true;
        outcome.finished(reusable);
    }

    static IOException translate(IOException e) {
        if (e instanceof HttpParseException p) return new BadResponseException(p.getMessage(), p);
        if (e instanceof EOFException eof) {
            String what = eof.getMessage() == null ? "body cut short" : eof.getMessage();
            return new BadResponseException(what, eof);
        }
        return e;
    }
}
