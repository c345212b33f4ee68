package connectivity.http.h2;

import java.io.IOException;
import java.util.List;

/**
 * What the peer's SETTINGS change on our sending side, the same for a server and a client connection:
 * the HPACK table our encoder may keep (changed under the writer's lock, so the next header block
 * announces it in order), the largest frame we may send, and the initial stream window (applied to the
 * open streams, RFC 9113 6.9.2). The encoder lives here because its table size is the peer's to set.
 */
final class PeerSettings {
    /** The largest HPACK table we keep for a peer, whatever it allows. */
    private static final int MAX_TABLE = 1 << 16;

    /** A setting this class leaves to its connection (say, the client's MAX_CONCURRENT_STREAMS). */
    @FunctionalInterface
    interface Other {
        void apply(Frame.Setting setting) throws H2Exception;
    }

    private final FrameWriter writer;
    private final Streams streams;
    private final HpackEncoder encoder = new HpackEncoder(4096);
    private volatile int maxFrameSize = FrameCodec.DEFAULT_MAX_FRAME_SIZE;

    PeerSettings(FrameWriter writer, Streams streams) {
        this.writer = writer;
        this.streams = streams;
    }

    /** Applies a SETTINGS frame that is not an ACK; the caller then acknowledges it. */
    void apply(List<Frame.Setting> settings, Other other) throws H2Exception {
        for (Frame.Setting setting : settings) {
            long v = setting.value();
            switch (setting.id()) {
                case Frame.Setting.HEADER_TABLE_SIZE -> writer.locked(() -> encoder.peerTableSize((int) Math.min(v, MAX_TABLE)));
                case Frame.Setting.MAX_FRAME_SIZE -> maxFrameSize = (int) v;
                case Frame.Setting.INITIAL_WINDOW_SIZE -> streams.peerInitialWindow(v);
                default -> other.apply(setting);
            }
        }
    }

    /** Queues a header block for the peer in HEADERS and CONTINUATION frames no larger than it accepts. */
    void sendHeaders(int streamId, List<HeaderField> fields, boolean endStream, long timeoutNanos, boolean mayWait) throws IOException {
        writer.headers(streamId, fields, endStream, encoder, maxFrameSize, timeoutNanos, mayWait);
    }

    int maxFrameSize() {
        return maxFrameSize;
    }

    /** The DATA payload to aim for: the peer's frame limit, at most 64 KiB so one stream does not hog the writer. */
    int dataFrameSize() {
        return Math.min(maxFrameSize, 64 * 1024);
    }
}
