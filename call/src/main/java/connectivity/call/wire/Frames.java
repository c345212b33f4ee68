package connectivity.call.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Length-prefixed frames: a 4-byte big-endian length, then that many bytes. Every reader states the
 * largest frame it accepts, so a peer cannot make us allocate without bound.
 */
public final class Frames {
    /** Control messages to the rendezvous and the relay are small. */
    public static final int MAX_CONTROL = 16 * 1024;
    /** A sealed call record: 64 KiB of payload plus headers and the GCM tag. */
    public static final int MAX_RECORD = 64 * 1024 + 1024;

    private Frames() {}

    public static void write(OutputStream out, byte[] payload) throws IOException {
        write(out, payload, 0, payload.length);
    }

    public static void write(OutputStream out, byte[] payload, int offset, int length) throws IOException {
        out.write(header(length));
        out.write(payload, offset, length);
    }

    public static byte[] header(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    /** Reads one frame, or returns null on a clean end of stream before its first byte. */
    public static byte[] read(InputStream in, int max) throws IOException {
        int length = readLength(in, max);
        if (length < 0) return null;
        return readBody(in, length);
    }

    /** Reads the 4-byte length; -1 on a clean end of stream. */
    public static int readLength(InputStream in, int max) throws IOException {
        int b0 = in.read();
        if (b0 < 0) return -1;
        int b1 = in.read(), b2 = in.read(), b3 = in.read();
        if ((b1 | b2 | b3) < 0) throw new EOFException("stream ended inside a frame header");
        long length = ((long) b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
        if (length > max) throw new CallProtocolException("frame of " + length + " bytes exceeds the limit of " + max);
        return (int) length;
    }

    public static byte[] readBody(InputStream in, int length) throws IOException {
        byte[] body = in.readNBytes(length);
        if (body.length != length) throw new EOFException("stream ended inside a frame");
        return body;
    }
}
