package connectivity.http.h2;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request of an {@link H2ClientConnection}: the stream, and the response head the caller waits
 * for (completed by the reader thread, or failed when the stream or connection ends first).
 */
final class ClientStream {
    private final H2ClientConnection connection;
    final H2Stream stream;
    private final CompletableFuture<H2ClientConnection.Response> head = new CompletableFuture<>();

    ClientStream(H2ClientConnection connection, H2Stream stream) {
        this.connection = connection;
        this.stream = stream;
    }

    void head(H2ClientConnection.Response response) {
        head.complete(response);
    }

    boolean headArrived() {
        return head.isDone() && !head.isCompletedExceptionally();
    }

    /** The stream ended badly: a waiting caller gets {@code e}, and so does a reader of the body. */
    void fail(IOException e) {
        head.completeExceptionally(e);
        stream.body.fail(e);
    }

    H2ClientConnection.Response awaitHead(long timeoutNanos) throws IOException {
        try {
            return head.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("no response within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** The response body as the caller reads it; closing it before its end resets the stream. */
    InputStream body() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return stream.body.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return stream.body.read(b, off, len);
            }

            @Override
            public int available() {
                return stream.body.available();
            }

            @Override
            public void close() {
                if (!stream.body.finished()) connection.cancel(ClientStream.this);
            }
        };
    }
}
