package connectivity.torrent.magnet;

import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a metadata peer sent us besides metadata (bitfield, haves, its extension handshake, choke state...), as wire
 * frames in order, for the download to read first if the connection goes on into it; there the swarm's own codec
 * checks them against the piece count. Bounded: past {@link #MAX_BYTES}, or with a bitfield too long to keep, the
 * record is incomplete and the connection is not handed on. Used by the peer's reader thread only.
 */
final class ReceivedFrames {
    static final int MAX_BYTES = 128 * 1024;

    private final ByteArrayOutputStream frames = new ByteArrayOutputStream();
    private boolean usable = true;

    void keep(Message m) {
        if (!usable || m instanceof Message.KeepAlive) return;
        if (m instanceof Message.Unknown u) {
            if (u.id() == WireCodec.BITFIELD) drop(); // its availability was skipped unread
            return; // anything else unknown the swarm would ignore too
        }
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        try {
            WireCodec.write(new DataOutputStream(one), m);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not reached: writes to memory
        }
        if (frames.size() + one.size() > MAX_BYTES) drop();
        else frames.writeBytes(one.toByteArray());
    }

    private void drop() {
        usable = false;
        frames.reset();
    }

    boolean usable() {
        return usable;
    }

    byte[] bytes() {
        return frames.toByteArray();
    }
}
