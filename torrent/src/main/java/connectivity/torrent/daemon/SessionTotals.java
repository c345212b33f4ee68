package connectivity.torrent.daemon;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Transmission's {@code session-stats} totals: this run's ({@code current-stats}) and every run's
 * ({@code cumulative-stats}, saved with the state). Bytes are counted as they move (the heartbeat adds what each
 * torrent moved since the last beat), so removing a torrent takes nothing back; {@code filesAdded} counts torrents added.
 */
public final class SessionTotals {
    public record Totals(long uploadedBytes, long downloadedBytes, long filesAdded, long sessionCount, long secondsActive) {
        public static final Totals NONE = new Totals(0, 0, 0, 0, 0);

        Totals plus(Totals o) {
            return new Totals(uploadedBytes + o.uploadedBytes, downloadedBytes + o.downloadedBytes, filesAdded + o.filesAdded,
                    sessionCount + o.sessionCount, secondsActive + o.secondsActive);
        }
    }

    private final Totals before;
    private final long startedMillis;
    private long up, down, added;
    /** Each torrent's uploaded and downloaded bytes at the last beat (or when it was restored). */
    private final Map<TorrentSession, long[]> seen = new HashMap<>();

    /** {@code before}: the saved totals of the earlier runs; this run counts as one more session. */
    SessionTotals(Totals before, long startedMillis) {
        this.before = before;
        this.startedMillis = startedMillis;
    }

    /** A restored torrent: what it had moved before this run is not this run's. */
    synchronized void restored(TorrentSession t) {
        seen.put(t, new long[] {t.uploadedEver(), t.downloadedEver()});
    }

    synchronized void added() {
        added++;
    }

    /** The heartbeat: adds what every torrent moved since the last beat, and forgets removed ones. */
    synchronized void tick(List<TorrentSession> all) {
        seen.keySet().retainAll(all);
        for (TorrentSession t : all) {
            long u = t.uploadedEver(), d = t.downloadedEver();
            long[] last = seen.computeIfAbsent(t, k -> new long[2]);
            up += Math.max(0, u - last[0]);
            down += Math.max(0, d - last[1]);
            last[0] = u;
            last[1] = d;
        }
    }

    synchronized Totals current(long nowMillis) {
        return new Totals(up, down, added, 1, Math.max(0, (nowMillis - startedMillis) / 1000));
    }

    synchronized Totals cumulative(long nowMillis) {
        return before.plus(current(nowMillis));
    }
}
