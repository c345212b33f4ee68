package connectivity.http.h2;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * What our HTTP/2 client holds to and tells servers: the receive windows (which bound what an unread
 * response can make us buffer), the header limits, the bytes queued for a server that does not read,
 * and the client preface that announces them.
 */
final class H2ClientLimits {
    /** Our receive window per stream: a body the caller does not read holds at most this much. */
    static final int STREAM_WINDOW = 4 << 20;
    /** Our receive window for the whole connection. */
    static final int CONNECTION_WINDOW = 16 << 20;
    /** The largest response header list we decode (as HTTP/1.1's response head limit). */
    static final int MAX_HEADER_LIST = 64 * 1024;
    /** The largest compressed header block, across CONTINUATION frames. */
    static final int MAX_HEADER_BLOCK = 256 * 1024;
    /** Frames queued for a server that does not read before the connection gives up on it. */
    static final long MAX_QUEUED = 4L << 20;

    private H2ClientLimits() {}

    /** The client preface: the magic octets, then our SETTINGS (push off) and the connection window's first update. */
    static byte[] preface() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(H2Connection.PREFACE);
        out.writeBytes(FrameCodec.encode(new Frame.Settings(false, List.of(
                new Frame.Setting(Frame.Setting.ENABLE_PUSH, 0),
                new Frame.Setting(Frame.Setting.INITIAL_WINDOW_SIZE, STREAM_WINDOW),
                new Frame.Setting(Frame.Setting.MAX_HEADER_LIST_SIZE, MAX_HEADER_LIST)))));
        out.writeBytes(FrameCodec.encode(new Frame.WindowUpdate(0, CONNECTION_WINDOW - Streams.DEFAULT_WINDOW)));
        return out.toByteArray();
    }
}
