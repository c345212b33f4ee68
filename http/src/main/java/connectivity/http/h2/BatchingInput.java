package connectivity.http.h2;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The reader's input: before a read that may wait on the socket (nothing buffered), it releases the
 * {@link FrameWriter}, so everything answered from the frames read so far goes out in one write while
 * the reader waits; frames already buffered are handled first, adding to the same batch.
 */
final class BatchingInput extends FilterInputStream {
    private final FrameWriter writer;

    BatchingInput(InputStream in, FrameWriter writer) {
        super(in);
        this.writer = writer;
    }

    @Override
    public int read() throws IOException {
        if (in.available() == 0) writer.release();
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (in.available() == 0) writer.release();
        return in.read(b, off, len);
    }
}
