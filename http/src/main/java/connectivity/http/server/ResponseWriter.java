package connectivity.http.server;

import connectivity.http.ChunkedOutputStream;
import connectivity.http.Headers;
import connectivity.http.HttpDates;
import connectivity.http.HttpVersion;
import connectivity.http.MessageHeadWriter;
import connectivity.http.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes HTTP/1.1 responses, head and body, onto a connection's output: the framing (Content-Length,
 * chunked, or close-delimited for HTTP/1.0), Date and Server, no body for HEAD, 204 and 304.
 */
final class ResponseWriter {
    private static final int FILE_CHUNK = 256 * 1024;
    private static final String[] STATUS_LINES = new String[600];

    static {
        // Start lines with their CRLF, made once: the only part of a head not written by MessageHeadWriter.field.
        for (int code = 100; code < 600; code++) STATUS_LINES[code] = "HTTP/1.1 " + code + " " + Status.reason(code) + "\r\n";
    }

    private final ServerOutput out;
    private long bodyBytes;

    ResponseWriter(ServerOutput out) {
        this.out = out;
    }

    /**
     * Writes the head and body; returns whether the connection stays open (a handler may ask to
     * close, and an HTTP/1.0 body of unknown length is delimited by closing).
     */
    boolean write(String method, HttpVersion version, Response response, boolean keepAlive) throws IOException {
        int status = response.status();
        Response.Body body = response.body();
        Headers h = response.headers();
        boolean head = method.equals("HEAD");
        boolean noContent = Status.forbidsContent(status);
        boolean sendBody = !head && !noContent;
        long length = body.length();
        boolean chunked = false;
        String headContentLength = null;

        if (keepAlive && h.hasToken("Connection", "close")) keepAlive = false;
        if (!noContent && length < 0 && !head) {
            if (version == HttpVersion.HTTP_1_1) chunked = true;
            else keepAlive = false;
        }
        if (head && body instanceof Response.Empty) headContentLength = h.firstOrNull("Content-Length");

        out.resetCount();
        out.latin1(STATUS_LINES[status]);
        if (!h.contains("Date")) MessageHeadWriter.field(out, "Date", HttpDates.now());
        if (!h.contains("Server")) MessageHeadWriter.field(out, "Server", "conn");
        MessageHeadWriter.fields(out, h, ResponseWriter::framingField);
        if (!noContent) {
            if (headContentLength != null) MessageHeadWriter.field(out, "Content-Length", headContentLength);
            else if (length >= 0) MessageHeadWriter.field(out, "Content-Length", Long.toString(length));
            else if (chunked) MessageHeadWriter.field(out, "Transfer-Encoding", "chunked");
        }
        if (!keepAlive) MessageHeadWriter.field(out, "Connection", "close");
        else if (version == HttpVersion.HTTP_1_0) MessageHeadWriter.field(out, "Connection", "keep-alive");
        MessageHeadWriter.end(out);
        long headBytes = out.written();

        try {
            if (sendBody) writeBody(body, chunked);
        } finally {
            if (body instanceof Response.FileRegion f) closeQuietly(f.channel());
            else if (body instanceof Response.Streamed st) Response.release(st);
        }
        bodyBytes = out.written() - headBytes;
        // A kept-alive response is flushed by the exchange, which knows whether a pipelined request
        // follows (then both leave in one write).
        if (!keepAlive) out.flush();
        return keepAlive;
    }

    /** Fields this writer sets itself from the body and the keep-alive decision; a handler's are dropped. */
    private static boolean framingField(String name) {
        return name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("Connection");
    }

    /** Body bytes of the last response written, for the access log. */
    long lastBodyBytes() {
        return bodyBytes;
    }

    private void writeBody(Response.Body body, boolean chunked) throws IOException {
        switch (body) {
            case Response.Empty e -> { }
            case Response.Bytes b -> out.write(b.data());
            case Response.FileRegion f -> writeFile(f);
            case Response.Streamed s -> {
                if (chunked) {
                    ChunkedOutputStream c = new ChunkedOutputStream(out);
                    s.writer().writeTo(c);
                    c.close();
                } else if (s.length() >= 0) {
                    ExactLengthOutputStream exact = new ExactLengthOutputStream(out, s.length());
                    s.writer().writeTo(exact);
                    exact.finish();
                } else {
                    s.writer().writeTo(out);
                }
            }
        }
    }

    private void writeFile(Response.FileRegion f) throws IOException {
        FileChannel channel = f.channel();
        long position = f.offset();
        long remaining = f.length();
        if (remaining <= out.room()) {
            // Small file: straight into the output buffer, so head and content leave in one write.
            ByteBuffer target = ByteBuffer.wrap(out.buffer(), out.position(), (int) remaining);
            while (target.hasRemaining()) {
                int n = channel.read(target, position);
                if (n < 0) throw new IOException("file shrank while being sent");
                position += n;
            }
            out.advance((int) remaining);
            return;
        }
        if (out.transfersFiles()) {
            out.transferFrom(channel, position, remaining); // sendfile: the bytes never enter the JVM
            return;
        }
        f.copyTo(out, new byte[(int) Math.min(FILE_CHUNK, remaining)]); // TLS: through the stream, to be encrypted
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // read-only channel: nothing lost
        }
    }

    /** Makes a streamed body with a declared length keep its word, so the framing stays right. */
    private static final class ExactLengthOutputStream extends OutputStream {
        private final OutputStream out;
        private long remaining;

        ExactLengthOutputStream(OutputStream out, long length) {
            this.out = out;
            this.remaining = length;
        }

        @Override
        public void write(int b) throws IOException {
            if (remaining <= 0) throw new IOException("body longer than its declared length");
            out.write(b);
            remaining--;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > remaining) throw new IOException("body longer than its declared length");
            out.write(b, off, len);
            remaining -= len;
        }

        void finish() throws IOException {
            if (remaining != 0) throw new IOException("body shorter than its declared length");
        }
    }
}
