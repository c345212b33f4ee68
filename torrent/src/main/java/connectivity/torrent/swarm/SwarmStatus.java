package connectivity.torrent.swarm;

/** A snapshot of a swarm's progress, for status lines. Rates are bytes per second. */
public record SwarmStatus(
        int piecesDone, int pieceCount, long bytesDone, long totalBytes, double downloadRate, double uploadRate,
        int peers, long downloaded, long uploaded, boolean complete) {

    public double percent() {
        return totalBytes == 0 ? 100.0 : 100.0 * bytesDone / totalBytes;
    }

    /** Seconds left at the current rate, or -1 when unknown. */
    public long etaSeconds() {
        if (complete) return 0;
        if (downloadRate < 1) return -1;
        return (long) Math.ceil((totalBytes - bytesDone) / downloadRate);
    }
}
