package connectivity.http.h2;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@link Frame}s: the 9-byte header (RFC 9113 4.1), a payload no longer than the
 * SETTINGS_MAX_FRAME_SIZE we advertised, and each type's fixed layout and flags (section 6), with the
 * errors the RFC names for frames that break them. Flags a type does not define are ignored.
 */
public final class FrameCodec {
    public static final int HEADER_LENGTH = 9;
    public static final int DEFAULT_MAX_FRAME_SIZE = 16_384;
    public static final int MAX_MAX_FRAME_SIZE = (1 << 24) - 1;

    private static final byte[] EMPTY = new byte[0];
    private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8, PRIORITY_FLAG = 0x20;

    private FrameCodec() {}

    /**
     * Reads one frame; null at a clean end of stream before its first byte.
     *
     * @throws H2Exception a connection or stream error as RFC 9113 names it
     * @throws EOFException when the stream ends inside a frame
     */
    public static Frame read(InputStream in, int maxFrameSize) throws IOException {
        byte[] h = new byte[HEADER_LENGTH];
        int first = in.read();
        if (first < 0) return null;
        h[0] = (byte) first;
        readFully(in, h, 1, HEADER_LENGTH - 1);
        int length = (h[0] & 0xff) << 16 | (h[1] & 0xff) << 8 | (h[2] & 0xff);
        int type = h[3] & 0xff;
        int flags = h[4] & 0xff;
        int streamId = int31(h, 5);
        if (length > maxFrameSize) throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "frame of " + length + " bytes");
        byte[] p = new byte[length];
        readFully(in, p, 0, length);
        return decode(type, flags, streamId, p);
    }

    /** Decodes a frame from its header fields and payload. */
    public static Frame decode(int type, int flags, int streamId, byte[] p) throws H2Exception {
        switch (type) {
            case Frame.DATA -> {
                needStream(streamId, "DATA");
                int pad = padLength(flags, p, 0);
                int start = pad < 0 ? 0 : 1;
                return new Frame.Data(streamId, slice(p, start, p.length - Math.max(pad, 0)), (flags & END_STREAM) != 0, pad);
            }
            case Frame.HEADERS -> {
                needStream(streamId, "HEADERS");
                int pad = padLength(flags, p, (flags & PRIORITY_FLAG) != 0 ? 5 : 0);
                int start = pad < 0 ? 0 : 1;
                Frame.PriorityInfo priority = null;
                if ((flags & PRIORITY_FLAG) != 0) {
                    priority = priority(p, start);
                    // A connection error, not the stream error of a PRIORITY frame: the header block would go
                    // undecoded and the HPACK tables out of step.
                    if (priority.dependency() == streamId) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "stream depends on itself");
                    start += 5;
                }
                byte[] block = slice(p, start, p.length - Math.max(pad, 0));
                return new Frame.Headers(streamId, block, (flags & END_STREAM) != 0, (flags & END_HEADERS) != 0, priority, pad);
            }
            case Frame.PRIORITY -> {
                needStream(streamId, "PRIORITY");
                if (p.length != 5) throw H2Exception.stream(streamId, ErrorCode.FRAME_SIZE_ERROR, "PRIORITY of " + p.length + " bytes");
                Frame.PriorityInfo priority = priority(p, 0);
                if (priority.dependency() == streamId) throw selfDependency(streamId);
                return new Frame.Priority(streamId, priority);
            }
            case Frame.RST_STREAM -> {
                needStream(streamId, "RST_STREAM");
                fixed(p, 4, "RST_STREAM");
                return new Frame.RstStream(streamId, int32(p, 0));
            }
            case Frame.SETTINGS -> {
                needConnection(streamId, "SETTINGS");
                boolean ack = (flags & ACK) != 0;
                if (ack && p.length != 0) throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS ACK with a payload");
                if (p.length % 6 != 0) throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS of " + p.length + " bytes");
                List<Frame.Setting> settings = new ArrayList<>(p.length / 6);
                for (int i = 0; i < p.length; i += 6) {
                    Frame.Setting s = new Frame.Setting((p[i] & 0xff) << 8 | (p[i + 1] & 0xff), int32(p, i + 2) & 0xffffffffL);
                    checkSetting(s);
                    settings.add(s);
                }
                return new Frame.Settings(ack, settings);
            }
            case Frame.PUSH_PROMISE -> {
                needStream(streamId, "PUSH_PROMISE");
                int pad = padLength(flags, p, 4);
                int start = pad < 0 ? 0 : 1;
                int promised = int31(p, start);
                return new Frame.PushPromise(streamId, promised, slice(p, start + 4, p.length - Math.max(pad, 0)),
                        (flags & END_HEADERS) != 0, pad);
            }
            case Frame.PING -> {
                needConnection(streamId, "PING");
                fixed(p, 8, "PING");
                return new Frame.Ping((flags & ACK) != 0, (long) int32(p, 0) << 32 | (int32(p, 4) & 0xffffffffL));
            }
            case Frame.GOAWAY -> {
                needConnection(streamId, "GOAWAY");
                if (p.length < 8) throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "GOAWAY of " + p.length + " bytes");
                return new Frame.GoAway(int31(p, 0), int32(p, 4), slice(p, 8, p.length));
            }
            case Frame.WINDOW_UPDATE -> {
                fixed(p, 4, "WINDOW_UPDATE");
                int increment = int31(p, 0);
                if (increment == 0) {
                    if (streamId == 0) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
                    throw H2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
                }
                return new Frame.WindowUpdate(streamId, increment);
            }
            case Frame.CONTINUATION -> {
                needStream(streamId, "CONTINUATION");
                return new Frame.Continuation(streamId, p, (flags & END_HEADERS) != 0);
            }
            default -> {
                return new Frame.Unknown(type, flags, streamId, p);
            }
        }
    }

    /** The frame's bytes, header included. */
    public static byte[] encode(Frame frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (frame) {
            case Frame.Data d -> padded(out, Frame.DATA, d.endStream() ? END_STREAM : 0, d.streamId(), d.padLength(), null, d.data());
            case Frame.Headers h -> {
                int flags = (h.endStream() ? END_STREAM : 0) | (h.endHeaders() ? END_HEADERS : 0) | (h.priority() != null ? PRIORITY_FLAG : 0);
                padded(out, Frame.HEADERS, flags, h.streamId(), h.padLength(), h.priority() == null ? null : priorityBytes(h.priority()), h.block());
            }
            case Frame.Priority p -> raw(out, Frame.PRIORITY, 0, p.streamId(), priorityBytes(p.priority()));
            case Frame.RstStream r -> raw(out, Frame.RST_STREAM, 0, r.streamId(), int32Bytes(r.errorCode()));
            case Frame.Settings s -> {
                byte[] p = new byte[s.settings().size() * 6];
                for (int i = 0; i < s.settings().size(); i++) {
                    Frame.Setting setting = s.settings().get(i);
                    p[i * 6] = (byte) (setting.id() >>> 8);
                    p[i * 6 + 1] = (byte) setting.id();
                    System.arraycopy(int32Bytes((int) setting.value()), 0, p, i * 6 + 2, 4);
                }
                raw(out, Frame.SETTINGS, s.ack() ? ACK : 0, 0, p);
            }
            case Frame.PushPromise pp -> padded(out, Frame.PUSH_PROMISE, pp.endHeaders() ? END_HEADERS : 0, pp.streamId(), pp.padLength(),
                    int32Bytes(pp.promisedStreamId() & 0x7fffffff), pp.block());
            case Frame.Ping ping -> {
                byte[] p = new byte[8];
                System.arraycopy(int32Bytes((int) (ping.data() >>> 32)), 0, p, 0, 4);
                System.arraycopy(int32Bytes((int) ping.data()), 0, p, 4, 4);
                raw(out, Frame.PING, ping.ack() ? ACK : 0, 0, p);
            }
            case Frame.GoAway g -> {
                byte[] p = new byte[8 + g.debug().length];
                System.arraycopy(int32Bytes(g.lastStreamId() & 0x7fffffff), 0, p, 0, 4);
                System.arraycopy(int32Bytes(g.errorCode()), 0, p, 4, 4);
                System.arraycopy(g.debug(), 0, p, 8, g.debug().length);
                raw(out, Frame.GOAWAY, 0, 0, p);
            }
            case Frame.WindowUpdate w -> raw(out, Frame.WINDOW_UPDATE, 0, w.streamId(), int32Bytes(w.increment() & 0x7fffffff));
            case Frame.Continuation c -> raw(out, Frame.CONTINUATION, c.endHeaders() ? END_HEADERS : 0, c.streamId(), c.block());
            case Frame.Unknown u -> raw(out, u.type(), u.flags(), u.streamId(), u.payload());
        }
        return out.toByteArray();
    }

    /**
     * A frame without padding or priority (DATA, HEADERS, CONTINUATION) straight into one array, header and
     * payload: the hot path of every response, without the intermediate copies of {@link #encode}.
     */
    static byte[] plain(int type, int flags, int streamId, byte[] payload, int off, int len) {
        return plain(type, flags, streamId, payload, off, len, len);
    }

    /** The frame header for a payload of {@code length} bytes, then the first {@code len} of them, from {@code payload}. */
    private static byte[] plain(int type, int flags, int streamId, byte[] payload, int off, int len, int length) {
        byte[] f = new byte[HEADER_LENGTH + len];
        f[0] = (byte) (length >>> 16);
        f[1] = (byte) (length >>> 8);
        f[2] = (byte) length;
        f[3] = (byte) type;
        f[4] = (byte) flags;
        int id = streamId & 0x7fffffff;
        f[5] = (byte) (id >>> 24);
        f[6] = (byte) (id >>> 16);
        f[7] = (byte) (id >>> 8);
        f[8] = (byte) id;
        System.arraycopy(payload, off, f, HEADER_LENGTH, len);
        return f;
    }

    static byte[] data(int streamId, byte[] b, int off, int len, boolean endStream) {
        return plain(Frame.DATA, endStream ? END_STREAM : 0, streamId, b, off, len);
    }

    /** A DATA frame's header alone, for a payload of {@code length} bytes that follows it on the wire. */
    static byte[] dataHeader(int streamId, int length, boolean endStream) {
        return plain(Frame.DATA, endStream ? END_STREAM : 0, streamId, EMPTY, 0, 0, length);
    }

    /** HEADERS (the first part of a block) or CONTINUATION (the rest) without padding or priority. */
    static byte[] headerPart(boolean first, int streamId, byte[] block, int off, int len, boolean endStream, boolean endHeaders) {
        int flags = (endHeaders ? END_HEADERS : 0) | (first && endStream ? END_STREAM : 0);
        return plain(first ? Frame.HEADERS : Frame.CONTINUATION, flags, streamId, block, off, len);
    }

    public static void write(Frame frame, OutputStream out) throws IOException {
        out.write(encode(frame));
    }

    private static void padded(ByteArrayOutputStream out, int type, int flags, int streamId, int padLength, byte[] prefix, byte[] body) {
        int length = (padLength >= 0 ? 1 + padLength : 0) + (prefix == null ? 0 : prefix.length) + body.length;
        header(out, length, type, flags | (padLength >= 0 ? PADDED : 0), streamId);
        if (padLength >= 0) out.write(padLength);
        if (prefix != null) out.write(prefix, 0, prefix.length);
        out.write(body, 0, body.length);
        if (padLength > 0) out.write(new byte[padLength], 0, padLength);
    }

    private static void raw(ByteArrayOutputStream out, int type, int flags, int streamId, byte[] payload) {
        header(out, payload.length, type, flags, streamId);
        out.write(payload, 0, payload.length);
    }

    private static void header(ByteArrayOutputStream out, int length, int type, int flags, int streamId) {
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.write(type);
        out.write(flags);
        out.write(int32Bytes(streamId & 0x7fffffff), 0, 4);
    }

    private static void checkSetting(Frame.Setting s) throws H2Exception {
        long v = s.value();
        switch (s.id()) {
            case Frame.Setting.ENABLE_PUSH -> {
                if (v > 1) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH " + v);
            }
            case Frame.Setting.INITIAL_WINDOW_SIZE -> {
                if (v > Integer.MAX_VALUE) throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + v);
            }
            case Frame.Setting.MAX_FRAME_SIZE -> {
                if (v < DEFAULT_MAX_FRAME_SIZE || v > MAX_MAX_FRAME_SIZE) {
                    throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + v);
                }
            }
            default -> { } // unknown settings are ignored (RFC 9113 6.5.2)
        }
    }

    /** The pad length (-1 without PADDED), checked to leave {@code fixed} bytes and itself inside the payload. */
    private static int padLength(int flags, byte[] p, int fixed) throws H2Exception {
        if ((flags & PADDED) == 0) {
            if (p.length < fixed) throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "frame too short");
            return -1;
        }
        if (p.length < 1 + fixed) throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "frame too short");
        int pad = p[0] & 0xff;
        if (pad > p.length - 1 - fixed) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "padding longer than the payload");
        return pad;
    }

    private static Frame.PriorityInfo priority(byte[] p, int off) {
        return new Frame.PriorityInfo(int31(p, off), (p[off] & 0x80) != 0, (p[off + 4] & 0xff) + 1);
    }

    private static byte[] priorityBytes(Frame.PriorityInfo pr) {
        byte[] b = new byte[5];
        System.arraycopy(int32Bytes((pr.dependency() & 0x7fffffff) | (pr.exclusive() ? 0x80000000 : 0)), 0, b, 0, 4);
        b[4] = (byte) (pr.weight() - 1);
        return b;
    }

    private static H2Exception selfDependency(int streamId) {
        return H2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "stream depends on itself");
    }

    private static void needStream(int streamId, String type) throws H2Exception {
        if (streamId == 0) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, type + " on stream 0");
    }

    private static void needConnection(int streamId, String type) throws H2Exception {
        if (streamId != 0) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, type + " on stream " + streamId);
    }

    private static void fixed(byte[] p, int length, String type) throws H2Exception {
        if (p.length != length) throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, type + " of " + p.length + " bytes");
    }

    private static byte[] slice(byte[] p, int from, int to) {
        return java.util.Arrays.copyOfRange(p, from, to);
    }

    private static int int32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    private static int int31(byte[] b, int off) {
        return int32(b, off) & 0x7fffffff;
    }

    private static byte[] int32Bytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static void readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) throw new EOFException("connection ended inside a frame");
            off += n;
            len -= n;
        }
    }
}
