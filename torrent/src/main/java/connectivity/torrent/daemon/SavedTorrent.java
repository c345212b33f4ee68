package connectivity.torrent.daemon;

import connectivity.torrent.swarm.FileChoices;
import java.util.BitSet;
import java.util.List;

/**
 * One torrent as the state file holds it. The .torrent itself is kept apart ({@code torrents/HASH.torrent} in the
 * config folder) once known; a magnet link without metadata yet has only {@code magnet}.
 *
 * @param pieces pieces verified when saved
 * @param files the data files' stamps when saved (same order as the torrent's files; empty before the first start)
 * @param activity time spent downloading and seeding, bytes that failed their hash
 * @param choices which files are wanted, at what priority; null when every file is, at normal priority
 */
public record SavedTorrent(int id, String infoHash, String magnet, String name, String downloadDir, boolean paused, long addedMillis,
        long doneMillis, long downloadLimit, long uploadLimit, long downloadedEver, long uploadedEver, BitSet pieces, List<FileStamp> files,
        Activity activity, FileChoices choices) {
    public SavedTorrent {
        pieces = (BitSet) pieces.clone();
        files = List.copyOf(files);
    }
}
