package connectivity.torrent.swarm;

import connectivity.net.support.Interrupted;
import connectivity.torrent.storage.PieceStore;
import connectivity.torrent.storage.TorrentLayout;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Where the connections' writers get the blocks they serve: the store, paced by the upload limit if there is one. */
final class BlockReader {
    private final PieceStore store;
    private final TorrentLayout layout;
    private final Throttle throttle;

    BlockReader(PieceStore store, TorrentLayout layout, long bytesPerSecond) {
        this.store = store;
        this.layout = layout;
        this.throttle = bytesPerSecond > 0 ? new Throttle(bytesPerSecond) : null;
    }

    /** Waits until the upload limit lets {@code bytes} more go out; false when there is no limit (nothing waited). */
    boolean awaitAllowance(int bytes) throws IOException {
        if (throttle == null) return false;
        try {
            throttle.acquire(bytes);
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        }
        return true;
    }

    /** Reads {@code length} bytes of a piece into {@code into}. */
    void read(int piece, int begin, ByteBuffer into, int length) throws IOException {
        store.read(piece, begin, into, length);
    }

    int pieceSize(int piece) {
        return layout.pieceSize(piece);
    }
}
