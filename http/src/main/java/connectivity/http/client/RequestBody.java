package connectivity.http.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A request body of known length that can be sent more than once: a 307/308 redirect or a retry on a
 * fresh connection sends it again, so it is a source that opens, not a stream that is used up.
 */
public interface RequestBody {
    /** Bytes in the body, sent as Content-Length. */
    long length();

    /** A fresh stream over the whole body. */
    InputStream open() throws IOException;

    static RequestBody ofBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new RequestBody() {
            @Override
            public long length() {
                return copy.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(copy);
            }
        };
    }

    /** Streams the file from disk each time; its size is taken now, so the Content-Length is fixed. */
    static RequestBody ofFile(Path file) throws IOException {
        long size = Files.size(file);
        return new RequestBody() {
            @Override
            public long length() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                // Bounded to the announced size: a file that grows must not overrun the framing.
                InputStream in = Files.newInputStream(file);
                return new java.io.FilterInputStream(in) {
                    private long left = size;

                    @Override
                    public int read() throws IOException {
                        if (left <= 0) return -1;
                        int b = super.read();
                        if (b >= 0) left--;
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (left <= 0) return -1;
                        int n = super.read(b, off, (int) Math.min(len, left));
                        if (n > 0) left -= n;
                        return n;
                    }
                };
            }
        };
    }
}
