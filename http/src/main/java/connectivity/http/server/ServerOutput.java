package connectivity.http.server;

import connectivity.http.MessageHeadWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The connection's output, buffered without locks so a response head and a small body leave in a
 * single write. Large writes bypass the buffer.
 */
final class ServerOutput extends OutputStream implements MessageHeadWriter.Sink {
    private final OutputStream raw;
    private final WritableByteChannel fileSink;
    private final byte[] buf;
    private int count;
    private long written; // bytes handed to the socket or buffered, for the access log
    // When the current socket write began (0: none). A client that stops reading blocks the write for
    // ever, since sockets have no write timeout; the server's watchdog closes such connections.
    private volatile long writingSince;
    /** The socket's stream under the watchdog, as a sink for {@link Response.FileRegion#copyTo}. */
    private final OutputStream watchedRaw = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            rawWrite(b, off, len);
        }
    };

    ServerOutput(OutputStream raw, int bufferSize) {
        this(raw, null, bufferSize);
    }

    /** With {@code fileSink} (the socket's channel, cleartext only) file regions go out by sendfile. */
    ServerOutput(OutputStream raw, WritableByteChannel fileSink, int bufferSize) {
        this.raw = raw;
        this.fileSink = fileSink;
        this.buf = new byte[bufferSize];
    }

    /** Free space in the buffer. */
    int room() {
        return buf.length - count;
    }

    /** The buffer and offset where up to {@link #room()} bytes may be placed directly, then {@link #advance}. */
    byte[] buffer() {
        return buf;
    }

    int position() {
        return count;
    }

    void advance(int n) {
        count += n;
        written += n;
    }

    long written() {
        return written;
    }

    void resetCount() {
        written = 0;
    }

    /** Writes Latin-1 text (header names and values are validated Latin-1). */
    @Override
    @SuppressWarnings("deprecation") // String.getBytes(int,int,byte[],int) copies Latin-1 without an intermediate array
    public void latin1(String s) throws IOException {
        int len = s.length();
        if (len > buf.length - count) {
            flushBuffer();
            if (len > buf.length) {
                write(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                return;
            }
        }
        s.getBytes(0, len, buf, count);
        count += len;
        written += len;
    }

    @Override
    public void crlf() throws IOException {
        if (buf.length - count < 2) flushBuffer();
        buf[count++] = '\r';
        buf[count++] = '\n';
        written += 2;
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buf.length) flushBuffer();
        buf[count++] = (byte) b;
        written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len <= buf.length - count) {
            System.arraycopy(b, off, buf, count, len);
            count += len;
        } else {
            flushBuffer();
            if (len < buf.length) {
                System.arraycopy(b, off, buf, 0, len);
                count = len;
            } else {
                rawWrite(b, off, len);
            }
        }
        written += len;
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            rawWrite(buf, 0, count);
            count = 0;
        }
    }

    private void rawWrite(byte[] b, int off, int len) throws IOException {
        writingSince = System.nanoTime() | 1; // never 0 while writing
        try {
            raw.write(b, off, len);
        } finally {
            writingSince = 0;
        }
    }

    /** Whether {@link #transferFrom} sends file bytes without copying them through the process. */
    boolean transfersFiles() {
        return fileSink != null;
    }

    /**
     * Sends {@code length} bytes of the file from {@code position} with {@code FileChannel.transferTo}
     * (sendfile): what is buffered goes first. Watched like any socket write, so a client that stops
     * reading is dropped by the watchdog.
     */
    void transferFrom(FileChannel file, long position, long length) throws IOException {
        flushBuffer();
        long end = position + length;
        while (position < end) {
            long n;
            writingSince = System.nanoTime() | 1;
            try {
                n = file.transferTo(position, end - position, fileSink);
            } finally {
                writingSince = 0;
            }
            if (n <= 0) {
                if (position >= file.size()) throw new IOException("file shrank while being sent");
                // The socket's buffer is full. A virtual thread's socket is non-blocking underneath, so
                // sendfile says "try again" instead of waiting; one chunk through the stream parks the
                // thread until the peer has read enough, then sendfile carries on.
                n = copyChunk(file, position, end - position);
            }
            position += n;
            written += n;
        }
    }

    private long copyChunk(FileChannel file, long position, long remaining) throws IOException {
        long n = Math.min(buf.length, remaining);
        new Response.FileRegion(file, position, n).copyTo(watchedRaw, buf); // the buffer is empty: flushed first
        return n;
    }

    /** Whether a socket write has been blocked for longer than this. */
    boolean writeStalledFor(long nanos) {
        long since = writingSince;
        return since != 0 && System.nanoTime() - since > nanos;
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
        raw.flush();
    }

    @Override
    public void close() {
        // The connection closes the socket.
    }
}
