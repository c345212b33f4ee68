package connectivity.torrent.daemon;

import java.util.ArrayList;
import java.util.List;

/** The total download and upload rates, one sample a second for the last {@link #SAMPLES} seconds (the web UI's graph). */
public final class RateHistory {
    public static final int SAMPLES = 300;
    private final long[] down = new long[SAMPLES], up = new long[SAMPLES];
    private int next, count;

    public synchronized void add(long downRate, long upRate) {
        down[next] = downRate;
        up[next] = upRate;
        next = (next + 1) % SAMPLES;
        count = Math.min(SAMPLES, count + 1);
    }

    /** Oldest first: [[down, up], ...]. */
    public synchronized List<List<Long>> samples() {
        List<List<Long>> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int i = (next - count + k + SAMPLES) % SAMPLES;
            out.add(List.of(down[i], up[i]));
        }
        return out;
    }
}
