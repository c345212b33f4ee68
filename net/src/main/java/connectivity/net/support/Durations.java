package connectivity.net.support;

import java.time.Duration;
import java.util.Locale;

/** Durations in the words every message of ours uses: "10 s", "1.5 s", "250 ms", "3 min", "2 h". */
public final class Durations {
    private Durations() {}

    public static String words(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms < 60_000 || ms % 60_000 != 0) {
            return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long minutes = ms / 60_000;
        return minutes % 60 == 0 ? (minutes / 60) + " h" : minutes + " min";
    }
}
