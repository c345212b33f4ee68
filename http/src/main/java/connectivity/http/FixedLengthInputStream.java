package connectivity.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body of known length (Content-Length): reads exactly that many bytes from the connection and
 * then reports end of stream, leaving the next message untouched. A connection that ends early
 * is an {@link EOFException}, never a silently short body. Closing it does not close the connection.
 */
public final class FixedLengthInputStream extends InputStream {
    private final InputStream in;
    private final long length;
    private long remaining;

    public FixedLengthInputStream(InputStream in, long length) {
        if (length < 0) throw new IllegalArgumentException("negative length");
        this.in = in;
        this.length = length;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) return -1;
        int c = in.read();
        if (c < 0) throw truncated();
        remaining--;
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (remaining == 0) return -1;
        if (len == 0) return 0;
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) throw truncated();
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(Math.max(n, 0), remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    /** Bytes not yet read. */
    public long remaining() {
        return remaining;
    }

    private EOFException truncated() {
        return new EOFException("connection closed after " + (length - remaining) + " of " + length + " body bytes");
    }

    @Override
    public void close() {
        // The connection belongs to the caller; the unread rest is theirs to drain or drop.
    }
}
