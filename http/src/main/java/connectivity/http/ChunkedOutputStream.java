package connectivity.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a body with the chunked transfer coding. Small writes are gathered into chunks of up to
 * 8 KiB; {@link #flush()} sends what is gathered as a chunk; {@link #close()} sends the last chunk
 * (and optional trailers) but leaves the underlying stream open for the next message.
 */
public final class ChunkedOutputStream extends OutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int CHUNK = 8 * 1024;

    private final OutputStream out;
    private final byte[] buffer = new byte[CHUNK];
    private int count;
    private boolean closed;
    private Headers trailers = Headers.EMPTY;

    public ChunkedOutputStream(OutputStream out) {
        this.out = out;
    }

    /** Trailer fields to send after the last chunk; set before {@link #close()}. */
    public void trailers(Headers trailers) {
        this.trailers = trailers;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == buffer.length) writeBuffered();
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len == 0) return;
        if (count + len <= buffer.length) {
            System.arraycopy(b, off, buffer, count, len);
            count += len;
            return;
        }
        writeBuffered();
        if (len < buffer.length) {
            System.arraycopy(b, off, buffer, 0, len);
            count = len;
        } else {
            writeChunk(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!closed) writeBuffered();
        out.flush();
    }

    /** Sends the remaining data, the last chunk and the trailers, and flushes. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        writeBuffered();
        closed = true;
        StringBuilder end = new StringBuilder("0\r\n");
        for (int i = 0; i < trailers.size(); i++) {
            end.append(trailers.name(i)).append(": ").append(trailers.value(i)).append("\r\n");
        }
        end.append("\r\n");
        out.write(end.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private void writeBuffered() throws IOException {
        if (count > 0) {
            writeChunk(buffer, 0, count);
            count = 0;
        }
    }

    private void writeChunk(byte[] b, int off, int len) throws IOException {
        out.write(Integer.toHexString(len).getBytes(StandardCharsets.ISO_8859_1));
        out.write(CRLF);
        out.write(b, off, len);
        out.write(CRLF);
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("chunked body already finished");
    }
}
