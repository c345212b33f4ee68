package connectivity.http.h2;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Gathers one header block across HEADERS and CONTINUATION frames (bounded in compressed bytes) and
 * decodes it. Used by the reader thread alone.
 */
final class HeaderBlockReader {
    /** A whole decoded block; {@code fields} is null when the decoded list was over the limit. */
    record Block(int streamId, boolean endStream, List<HeaderField> fields) {}

    private final HpackDecoder decoder;
    private final int maxBlockBytes;
    private final ByteArrayOutputStream block = new ByteArrayOutputStream();
    private int streamId;
    private boolean endStream;

    HeaderBlockReader(HpackDecoder decoder, int maxBlockBytes) {
        this.decoder = decoder;
        this.maxBlockBytes = maxBlockBytes;
    }

    /** The stream whose block awaits CONTINUATION, or 0. */
    int pending() {
        return streamId;
    }

    /** A HEADERS frame: the whole block when it ends here, else null. */
    Block start(Frame.Headers h) throws H2Exception {
        block.reset();
        streamId = h.streamId();
        endStream = h.endStream();
        return add(h.block(), h.endHeaders());
    }

    /** A CONTINUATION frame of the pending block. */
    Block continuation(Frame.Continuation c) throws H2Exception {
        if (c.streamId() != streamId) throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "CONTINUATION out of place");
        return add(c.block(), c.endHeaders());
    }

    private Block add(byte[] part, boolean last) throws H2Exception {
        block.writeBytes(part);
        if (block.size() > maxBlockBytes) {
            throw H2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "header block over " + maxBlockBytes + " bytes");
        }
        if (!last) return null;
        int id = streamId;
        streamId = 0;
        try {
            return new Block(id, endStream, decoder.decode(block.toByteArray()));
        } catch (HpackException e) {
            if (!e.tooLarge()) throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, e.getMessage());
            return new Block(id, endStream, null); // decoded to the end all the same: the table stays in step
        }
    }
}
