package connectivity.torrent.swarm;

import connectivity.torrent.storage.PieceStore;
import connectivity.torrent.storage.TorrentLayout;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Where the connections' writers get the blocks they serve: the store, paced by the upload limit if there is one. */
final class BlockReader {
    private final PieceStore store;
    private final TorrentLayout layout;
    private final Throttle throttle;

    BlockReader(PieceStore store, TorrentLayout layout, Throttle throttle) {
        this.store = store;
        this.layout = layout;
        this.throttle = throttle;
    }

    /** Waits until the upload limits let {@code bytes} more go out; false when none limits (nothing waited). */
    boolean awaitAllowance(int bytes) throws IOException {
        return throttle.acquireIo(bytes);
    }

    /** Reads {@code length} bytes of a piece into {@code into}. */
    void read(int piece, int begin, ByteBuffer into, int length) throws IOException {
        store.read(piece, begin, into, length);
    }

    int pieceSize(int piece) {
        return layout.pieceSize(piece);
    }
}
