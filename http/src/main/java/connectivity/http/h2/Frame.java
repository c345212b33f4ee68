package connectivity.http.h2;

import java.util.List;

/**
 * The HTTP/2 frames (RFC 9113 section 6), one record per type, read and written by {@link FrameCodec}.
 * Byte arrays are owned by the frame once built. A {@code padLength} of -1 means the frame carries no
 * PADDED flag; padding is stripped on reading but still counts against flow control
 * ({@link Data#flowControlled()}).
 */
public sealed interface Frame {
    int DATA = 0x0, HEADERS = 0x1, PRIORITY = 0x2, RST_STREAM = 0x3, SETTINGS = 0x4, PUSH_PROMISE = 0x5,
            PING = 0x6, GOAWAY = 0x7, WINDOW_UPDATE = 0x8, CONTINUATION = 0x9;

    int streamId();

    /** A stream dependency and weight (1..256); parsed, then ignored, as RFC 9113 5.3.2 allows. */
    record PriorityInfo(int dependency, boolean exclusive, int weight) {}

    record Data(int streamId, byte[] data, boolean endStream, int padLength) implements Frame {
        public Data(int streamId, byte[] data, boolean endStream) {
            this(streamId, data, endStream, -1);
        }

        /** What this frame takes from the flow-control windows: the whole payload, padding included. */
        public int flowControlled() {
            return data.length + (padLength < 0 ? 0 : padLength + 1);
        }
    }

    record Headers(int streamId, byte[] block, boolean endStream, boolean endHeaders, PriorityInfo priority, int padLength)
            implements Frame {
        public Headers(int streamId, byte[] block, boolean endStream, boolean endHeaders) {
            this(streamId, block, endStream, endHeaders, null, -1);
        }
    }

    record Priority(int streamId, PriorityInfo priority) implements Frame {}

    record RstStream(int streamId, int errorCode) implements Frame {}

    /** One SETTINGS parameter; the value is an unsigned 32-bit integer. */
    record Setting(int id, long value) {
        public static final int HEADER_TABLE_SIZE = 0x1, ENABLE_PUSH = 0x2, MAX_CONCURRENT_STREAMS = 0x3,
                INITIAL_WINDOW_SIZE = 0x4, MAX_FRAME_SIZE = 0x5, MAX_HEADER_LIST_SIZE = 0x6;
    }

    record Settings(boolean ack, List<Setting> settings) implements Frame {
        public Settings {
            settings = List.copyOf(settings);
        }

        public static final Settings ACK = new Settings(true, List.of());

        public int streamId() {
            return 0;
        }
    }

    record PushPromise(int streamId, int promisedStreamId, byte[] block, boolean endHeaders, int padLength) implements Frame {}

    record Ping(boolean ack, long data) implements Frame {
        public int streamId() {
            return 0;
        }
    }

    record GoAway(int lastStreamId, int errorCode, byte[] debug) implements Frame {
        public int streamId() {
            return 0;
        }
    }

    record WindowUpdate(int streamId, int increment) implements Frame {}

    record Continuation(int streamId, byte[] block, boolean endHeaders) implements Frame {}

    /** A frame of a type we do not know: RFC 9113 5.5 says to ignore it. */
    record Unknown(int type, int flags, int streamId, byte[] payload) implements Frame {}
}
