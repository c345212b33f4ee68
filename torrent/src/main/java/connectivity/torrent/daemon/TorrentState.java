package connectivity.torrent.daemon;

/** Where one torrent of the daemon stands. {@link #rpcStatus} is Transmission's number for it (tr_torrent_activity). */
public enum TorrentState {
    STOPPED(0, "stopped"),
    /** Its swarm is closing (the last announce, files flushed and closed); then it is stopped, or starts again. */
    STOPPING(0, "stopping"),
    /** Waiting for the queue to let it run. */
    QUEUED(3, "queued"),
    /** Fetching the info dictionary of a magnet link from peers. */
    METADATA(4, "metadata"),
    /** Hashing what is on disk (only what the saved state cannot vouch for). */
    CHECKING(2, "checking"),
    DOWNLOADING(4, "downloading"),
    SEEDING(6, "seeding"),
    /** Stopped by a failure (disk, metadata); {@code errorString} says which. */
    ERROR(0, "error");

    public final int rpcStatus;
    public final String word;

    TorrentState(int rpcStatus, String word) {
        this.rpcStatus = rpcStatus;
        this.word = word;
    }

    /** Counts against the queue's active downloads. */
    public boolean downloading() {
        return this == METADATA || this == CHECKING || this == DOWNLOADING;
    }
}
