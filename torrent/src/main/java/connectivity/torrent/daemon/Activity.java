package connectivity.torrent.daemon;

/**
 * How long a torrent has spent downloading and seeding (Transmission's {@code secondsDownloading} and
 * {@code secondsSeeding}, over every run), how many bytes of its pieces failed their hash ({@code corruptEver}) and
 * when bytes last moved ({@code activityDate}). Counted by the daemon's heartbeat and the swarm's events; saved with
 * the torrent.
 */
public record Activity(long downloadingMillis, long seedingMillis, long corruptBytes, long lastActiveMillis) {
    static final Activity NONE = new Activity(0, 0, 0, 0);

    /** {@code millis} more spent in {@code state} (other states count nowhere); {@code active}: bytes moved at {@code now}. */
    Activity spent(TorrentState state, long millis, boolean active, long now) {
        long last = active ? now : lastActiveMillis;
        if (millis <= 0) millis = 0;
        return switch (state) {
            case DOWNLOADING -> new Activity(downloadingMillis + millis, seedingMillis, corruptBytes, last);
            case SEEDING -> new Activity(downloadingMillis, seedingMillis + millis, corruptBytes, last);
            default -> new Activity(downloadingMillis, seedingMillis, corruptBytes, last);
        };
    }

    Activity corrupt(long bytes) {
        return new Activity(downloadingMillis, seedingMillis, corruptBytes + bytes, lastActiveMillis);
    }
}
