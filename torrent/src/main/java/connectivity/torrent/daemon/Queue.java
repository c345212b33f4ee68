package connectivity.torrent.daemon;

/** The queue's rule for what counts as a download: a torrent with metadata and every piece verified does not. */
final class Queue {
    private Queue() {}

    static boolean complete(TorrentSession t) {
        return t.meta().map(m -> t.have().cardinality() == m.info().pieceCount()).orElse(false);
    }
}
