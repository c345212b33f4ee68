package connectivity.http.h2;

import java.time.Duration;

/**
 * The limits of one server-side HTTP/2 connection: what we advertise in SETTINGS and the caps that
 * keep one peer from making us hold or do too much.
 *
 * @param maxConcurrentStreams streams (handlers running) at once; more are refused (REFUSED_STREAM)
 * @param initialWindowSize our receive window per stream, which bounds a request body buffered unread
 * @param connectionWindow our receive window for the whole connection
 * @param maxFrameSize the largest frame payload we accept (SETTINGS_MAX_FRAME_SIZE)
 * @param headerTableSize the HPACK dynamic table the peer may use for us (SETTINGS_HEADER_TABLE_SIZE)
 * @param maxHeaderListSize the largest decoded header list (SETTINGS_MAX_HEADER_LIST_SIZE); larger: 431
 * @param maxHeaderBlockBytes the largest compressed header block across CONTINUATION frames; larger: GOAWAY
 * @param maxQueuedBytes bytes waiting for a peer that does not read, before streams block and control
 *     frames (answers to PING and SETTINGS) end the connection
 * @param floodWindow the interval the three flood counts below are taken over
 * @param maxResetsPerWindow RST_STREAM frames from the peer per interval (rapid reset); more: ENHANCE_YOUR_CALM
 * @param maxControlPerWindow SETTINGS, PING and PRIORITY frames per interval; more: ENHANCE_YOUR_CALM
 * @param maxEmptyPerWindow frames that carry nothing (empty DATA or CONTINUATION, unknown types) per interval
 * @param idleTimeout how long a connection without streams may stay silent; each body read waits as long
 * @param maxBodyBytes the largest request body; larger: 413
 */
public record H2Config(
        int maxConcurrentStreams,
        int initialWindowSize,
        int connectionWindow,
        int maxFrameSize,
        int headerTableSize,
        int maxHeaderListSize,
        int maxHeaderBlockBytes,
        long maxQueuedBytes,
        Duration floodWindow,
        int maxResetsPerWindow,
        int maxControlPerWindow,
        int maxEmptyPerWindow,
        Duration idleTimeout,
        long maxBodyBytes) {

    /** Our SETTINGS frame: these limits as the peer must respect them, and no server push. */
    Frame.Settings settings() {
        return new Frame.Settings(false, java.util.List.of(
                new Frame.Setting(Frame.Setting.MAX_CONCURRENT_STREAMS, maxConcurrentStreams),
                new Frame.Setting(Frame.Setting.INITIAL_WINDOW_SIZE, initialWindowSize),
                new Frame.Setting(Frame.Setting.MAX_FRAME_SIZE, maxFrameSize),
                new Frame.Setting(Frame.Setting.HEADER_TABLE_SIZE, headerTableSize),
                new Frame.Setting(Frame.Setting.MAX_HEADER_LIST_SIZE, maxHeaderListSize),
                new Frame.Setting(Frame.Setting.ENABLE_PUSH, 0)));
    }

    public static H2Config defaults() {
        return new H2Config(100, 65_535, 1 << 20, FrameCodec.DEFAULT_MAX_FRAME_SIZE, 4096, 32 * 1024, 64 * 1024,
                1 << 20, Duration.ofSeconds(10), 200, 1000, 1000, Duration.ofSeconds(60), 1L << 30);
    }

    /** Checks what a peer is told in SETTINGS and what the connection relies on (RFC 9113 6.5.2, 6.9). */
    public H2Config {
        if (maxConcurrentStreams < 1) throw new IllegalArgumentException("at least 1 concurrent stream");
        if (initialWindowSize < 1) throw new IllegalArgumentException("stream window must be at least 1 byte");
        if (connectionWindow < Streams.DEFAULT_WINDOW) throw new IllegalArgumentException("connection window must be at least 65535 bytes");
        if (maxFrameSize < FrameCodec.DEFAULT_MAX_FRAME_SIZE || maxFrameSize > FrameCodec.MAX_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("frame size must be 16384 to 16777215 bytes");
        }
        if (maxHeaderListSize < 1024) throw new IllegalArgumentException("header list must be at least 1 KiB");
        if (maxHeaderBlockBytes < 1024) throw new IllegalArgumentException("header block must be at least 1 KiB");
        if (maxResetsPerWindow < 1 || maxControlPerWindow < 1 || maxEmptyPerWindow < 1) {
            throw new IllegalArgumentException("flood limits must be at least 1");
        }
    }

    /** Receive windows: per stream (a request body buffered unread) and for the whole connection. */
    public H2Config withWindows(int stream, int connection) {
        return new H2Config(maxConcurrentStreams, stream, connection, maxFrameSize, headerTableSize, maxHeaderListSize,
                maxHeaderBlockBytes, maxQueuedBytes, floodWindow, maxResetsPerWindow, maxControlPerWindow, maxEmptyPerWindow,
                idleTimeout, maxBodyBytes);
    }

    /** The largest decoded header list (431 past it) and compressed header block (GOAWAY past it). */
    public H2Config withHeaderLimits(int listSize, int blockBytes) {
        return new H2Config(maxConcurrentStreams, initialWindowSize, connectionWindow, maxFrameSize, headerTableSize, listSize,
                blockBytes, maxQueuedBytes, floodWindow, maxResetsPerWindow, maxControlPerWindow, maxEmptyPerWindow,
                idleTimeout, maxBodyBytes);
    }

    /** Per {@link #floodWindow}: RST_STREAM from the peer, and SETTINGS/PING/PRIORITY frames. */
    public H2Config withFloodLimits(int resets, int control) {
        return new H2Config(maxConcurrentStreams, initialWindowSize, connectionWindow, maxFrameSize, headerTableSize,
                maxHeaderListSize, maxHeaderBlockBytes, maxQueuedBytes, floodWindow, resets, control, maxEmptyPerWindow,
                idleTimeout, maxBodyBytes);
    }

    public H2Config withMaxConcurrentStreams(int n) {
        return new H2Config(n, initialWindowSize, connectionWindow, maxFrameSize, headerTableSize, maxHeaderListSize,
                maxHeaderBlockBytes, maxQueuedBytes, floodWindow, maxResetsPerWindow, maxControlPerWindow, maxEmptyPerWindow,
                idleTimeout, maxBodyBytes);
    }

    public H2Config withLimits(Duration idle, long maxBody) {
        return new H2Config(maxConcurrentStreams, initialWindowSize, connectionWindow, maxFrameSize, headerTableSize,
                maxHeaderListSize, maxHeaderBlockBytes, maxQueuedBytes, floodWindow, maxResetsPerWindow, maxControlPerWindow,
                maxEmptyPerWindow, idle, maxBody);
    }

    public H2Config withMaxQueuedBytes(long n) {
        return new H2Config(maxConcurrentStreams, initialWindowSize, connectionWindow, maxFrameSize, headerTableSize,
                maxHeaderListSize, maxHeaderBlockBytes, n, floodWindow, maxResetsPerWindow, maxControlPerWindow,
                maxEmptyPerWindow, idleTimeout, maxBodyBytes);
    }
}
