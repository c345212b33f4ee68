package connectivity.http.server;

import connectivity.http.Headers;
import connectivity.http.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * What a handler answers: a status, header fields and a body. The server adds Date, Server and the
 * framing (Content-Length or chunked, Connection) itself, and never sends a body for HEAD, 204 or 304.
 *
 * @param status the status code, 200 to 599
 * @param headers fields for the head; Content-Length, Transfer-Encoding and Connection are the server's
 *     to set (a handler's Content-Length is kept only on a body-less answer to HEAD)
 * @param body the content
 */
public record Response(int status, Headers headers, Body body) {
    public Response {
        if (status < 200 || status > 599) throw new IllegalArgumentException("final status expected: " + status);
    }

    /** The content of a response. */
    public sealed interface Body permits Empty, Bytes, FileRegion, Streamed {
        /** Length in bytes, or -1 if unknown until written. */
        long length();
    }

    /** No content. */
    public record Empty() implements Body {
        public long length() {
            return 0;
        }
    }

    /** Content held in memory. */
    public record Bytes(byte[] data) implements Body {
        public long length() {
            return data.length;
        }
    }

    /**
     * A region of an open file; the server sends it with large reads and closes the channel when done
     * (also for HEAD or when the client goes away).
     */
    public record FileRegion(FileChannel channel, long offset, long length) implements Body {
        private static final int COPY_CHUNK = 64 * 1024;

        /** Copies the region to {@code sink} in reads of up to 64 KiB; fails if the file ends first. */
        public void copyTo(OutputStream sink) throws IOException {
            copyTo(sink, new byte[(int) Math.min(COPY_CHUNK, Math.max(1, length))]);
        }

        /** The same through the caller's buffer, each read filling up to all of it. */
        public void copyTo(OutputStream sink, byte[] buffer) throws IOException {
            ByteBuffer target = ByteBuffer.wrap(buffer);
            long position = offset;
            long remaining = length;
            while (remaining > 0) {
                target.clear().limit((int) Math.min(buffer.length, remaining));
                int n = channel.read(target, position);
                if (n < 0) throw new IOException("file shrank while being sent");
                sink.write(buffer, 0, n);
                position += n;
                remaining -= n;
            }
        }
    }

    /** Content produced by code while it is sent. */
    public record Streamed(long length, BodyWriter writer) implements Body {}

    /**
     * Writes a streamed body; with a declared length it must write exactly that many bytes. A writer that
     * is also {@link java.io.Closeable} is closed once the response is over, whether it wrote or not (HEAD,
     * a client gone), so it may hold a file.
     */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final Empty EMPTY = new Empty();

    /** Closes a streamed body's writer if it holds something (see {@link BodyWriter}); failures are dropped. */
    public static void release(Streamed body) {
        if (body.writer() instanceof java.io.Closeable c) {
            try {
                c.close();
            } catch (IOException ignored) {
                // a read-only resource: nothing lost
            }
        }
    }

    /** A response with the given content type and bytes. */
    public static Response of(int status, String contentType, byte[] body) {
        return new Response(status, Headers.of("Content-Type", contentType), new Bytes(body));
    }

    /** A UTF-8 plain-text response. */
    public static Response text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A UTF-8 HTML response. */
    public static Response html(int status, String html) {
        return of(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /** A response without content. */
    public static Response empty(int status) {
        return new Response(status, Headers.EMPTY, EMPTY);
    }

    /** A short plain-text answer naming the status, e.g. "404 Not Found". */
    public static Response status(int status) {
        if (Status.forbidsContent(status)) return empty(status);
        return text(status, status + " " + Status.reason(status) + "\n");
    }

    /** A copy with one more header field. */
    public Response withHeader(String name, String value) {
        return new Response(status, headers.toBuilder().add(name, value).build(), body);
    }

    /** A copy where this field replaces any of the same name. */
    public Response withSetHeader(String name, String value) {
        return new Response(status, headers.toBuilder().set(name, value).build(), body);
    }
}
