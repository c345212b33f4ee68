package connectivity.http.h2;

import connectivity.http.Headers;
import connectivity.http.Status;
import connectivity.http.server.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes a handler's {@link Response} on a stream as HEADERS (lower-case names, :status first, Date and
 * Server added, connection-specific fields dropped, Content-Length when the length is known) and DATA
 * frames within the flow-control windows. No body for HEAD, 204 and 304, as over HTTP/1.1.
 */
final class ResponseSender {
    private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "upgrade", "content-length");

    /** The largest body the reader thread sends itself: one DATA frame of the smallest size a peer may allow. */
    private static final int NOW_MAX = FrameCodec.DEFAULT_MAX_FRAME_SIZE;

    private ResponseSender() {}

    /**
     * From the reader thread: sends the response whole if nothing in it can wait on the peer (a body of
     * known length up to {@link #NOW_MAX}, within both send windows, room in the writer's queue). False:
     * nothing was sent, and the response is for a stream thread to {@link #send}.
     */
    static boolean sendNow(StreamSender c, H2Stream s, String method, Response r) throws IOException {
        long length = sendsBody(method, r) ? r.body().length() : 0;
        if (r.body() instanceof Response.Streamed || length < 0 || length > NOW_MAX || !c.reserve(s, (int) length)) return false;
        send(c, s, method, r);
        return true;
    }

    private static boolean sendsBody(String method, Response r) {
        return !method.equals("HEAD") && !Status.forbidsContent(r.status()) && r.body().length() != 0;
    }

    static void send(StreamSender c, H2Stream s, String method, Response r) throws IOException {
        Response.Body body = r.body();
        try {
            boolean sendBody = sendsBody(method, r);
            c.sendHeaders(s, fields(method, r), !sendBody);
            if (!sendBody) return;
            switch (body) {
                case Response.Empty e -> { }
                case Response.Bytes b -> c.sendBytes(s, b.data());
                case Response.FileRegion f -> {
                    DataOutput out = new DataOutput(c, s, bufferSize(c, body));
                    f.copyTo(out);
                    out.finish();
                }
                case Response.Streamed st -> {
                    DataOutput out = new DataOutput(c, s, bufferSize(c, body));
                    st.writer().writeTo(out);
                    out.finish();
                }
            }
        } finally {
            if (body instanceof Response.FileRegion f) closeQuietly(f.channel());
            else if (body instanceof Response.Streamed st) Response.release(st);
        }
    }

    /** A body shorter than a frame gets a buffer of its own size: most are small, and a frame-sized one was most of what a response allocated. */
    private static int bufferSize(StreamSender c, Response.Body body) {
        long length = body.length();
        return (int) (length < 0 ? c.dataFrameSize() : Math.max(1, Math.min(c.dataFrameSize(), length)));
    }

    /** The response head as HPACK fields: :status first, Date and Server unless the handler set them, names in lower case. */
    private static List<HeaderField> fields(String method, Response r) {
        Headers h = r.headers();
        Response.Body body = r.body();
        List<HeaderField> fields = new ArrayList<>(h.size() + 4);
        fields.add(CommonFields.status(r.status()));
        if (!h.contains("Date")) fields.add(CommonFields.date());
        if (!h.contains("Server")) fields.add(CommonFields.SERVER);
        for (int i = 0; i < h.size(); i++) {
            String name = CommonFields.lowerCase(h.name(i));
            if (!DROPPED.contains(name)) fields.add(new HeaderField(name, h.value(i)));
        }
        if (!Status.forbidsContent(r.status())) {
            String kept = h.firstOrNull("Content-Length");
            if (method.equals("HEAD") && body instanceof Response.Empty && kept != null) {
                fields.add(new HeaderField("content-length", kept));
            } else if (body.length() >= 0) {
                fields.add(new HeaderField("content-length", Long.toString(body.length())));
            }
        }
        return fields;
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // read-only channel: nothing lost
        }
    }

    /**
     * The body as DATA frames of at most one frame's size. A full frame is held back until more
     * comes, so the last one carries END_STREAM instead of an empty frame after it.
     */
    static final class DataOutput extends OutputStream {
        private final StreamSender c;
        private final H2Stream s;
        private final byte[] buf;
        private int count;

        DataOutput(StreamSender c, H2Stream s, int frameSize) {
            this.c = c;
            this.s = s;
            this.buf = new byte[frameSize];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (count == buf.length) {
                    c.sendData(s, buf, 0, count, false);
                    count = 0;
                }
                int n = Math.min(len, buf.length - count);
                System.arraycopy(b, off, buf, count, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        void finish() throws IOException {
            c.sendData(s, buf, 0, count, true);
            count = 0;
        }
    }
}
