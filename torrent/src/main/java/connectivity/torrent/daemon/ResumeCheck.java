package connectivity.torrent.daemon;

import connectivity.torrent.storage.TorrentLayout;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Which saved pieces a restart may trust without hashing them, and which it must hash again. Pure logic over
 * the saved record and the files' stamps now.
 *
 * <p>A file vouches for its pieces when its size is what was saved and so is its modification time, or (for a file
 * that still had missing pieces, which we were writing to) its modification time is no later than the saved state's
 * heartbeat plus {@code slackMillis}: a daemon killed with {@code kill -9} wrote to it until it died, and it died
 * less than one heartbeat after its last save. A change after that (someone editing the data while the daemon was
 * down) fails the test, and the file's saved pieces are hashed again, never trusted. Pieces that were not saved as
 * verified count as missing without hashing (those finished after the last save are fetched again).
 */
public final class ResumeCheck {
    private ResumeCheck() {}

    /** The verdict: pieces taken as verified, and saved pieces to hash before they count. */
    public record Plan(BitSet trusted, BitSet recheck) {}

    public static Plan plan(TorrentLayout layout, BitSet saved, List<FileStamp> savedFiles, long savedAtMillis,
            List<Optional<FileStamp>> now, long slackMillis) {
        List<TorrentLayout.FileSpan> files = layout.files();
        boolean[] vouches = new boolean[files.size()];
        for (int k = 0; k < files.size(); k++) {
            if (k >= savedFiles.size() || k >= now.size() || now.get(k).isEmpty()) continue;
            FileStamp was = savedFiles.get(k), is = now.get(k).get();
            if (was.size() != is.size() || is.size() != files.get(k).length()) continue;
            boolean same = was.modifiedMillis() == is.modifiedMillis();
            boolean ourLastWrites = !complete(layout, files.get(k), saved) && is.modifiedMillis() >= was.modifiedMillis()
                    && is.modifiedMillis() <= savedAtMillis + slackMillis;
            vouches[k] = same || ourLastWrites || files.get(k).length() == 0;
        }
        BitSet trusted = new BitSet(layout.pieceCount()), recheck = new BitSet(layout.pieceCount());
        for (int p = saved.nextSetBit(0); p >= 0 && p < layout.pieceCount(); p = saved.nextSetBit(p + 1)) {
            if (allVouch(layout, p, vouches)) trusted.set(p);
            else recheck.set(p);
        }
        return new Plan(trusted, recheck);
    }

    /** Every piece with bytes in {@code f} is in {@code have}. */
    static boolean complete(TorrentLayout layout, TorrentLayout.FileSpan f, BitSet have) {
        if (f.length() == 0) return true;
        int first = (int) (f.offset() / layout.pieceLength()), last = (int) ((f.offset() + f.length() - 1) / layout.pieceLength());
        return have.nextClearBit(first) > last;
    }

    private static boolean allVouch(TorrentLayout layout, int piece, boolean[] vouches) {
        long start = (long) piece * layout.pieceLength(), end = start + layout.pieceSize(piece);
        List<TorrentLayout.FileSpan> files = layout.files();
        for (int k = 0; k < files.size(); k++) {
            TorrentLayout.FileSpan f = files.get(k);
            if (f.length() == 0 || f.offset() >= end || f.offset() + f.length() <= start) continue;
            if (!vouches[k]) return false;
        }
        return true;
    }
}
