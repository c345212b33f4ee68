package connectivity.cli.web;

import connectivity.http.client.FileDownload;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar redrawn in place with carriage returns, for downloads over 1 MiB. Redraws
 * are limited to ten a second so a fast download is not slowed by the terminal.
 */
final class ProgressBar implements FileDownload.Progress {
    static final long THRESHOLD = 1024 * 1024;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final LongSupplier nanoTime;
    private long total = -1;
    private long startedAt;
    private long startBytes;
    private long lastDraw;
    private long have;
    private boolean drawn;

    ProgressBar(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
    }

    @Override
    public void started(long alreadyHave, long total) {
        this.total = total;
        this.have = alreadyHave;
        this.startBytes = alreadyHave;
        this.startedAt = nanoTime.getAsLong();
        this.lastDraw = startedAt - REDRAW_NANOS;
    }

    @Override
    public void advanced(long have) {
        this.have = have;
        long now = nanoTime.getAsLong();
        if (now - lastDraw < REDRAW_NANOS || !worthShowing()) return;
        lastDraw = now;
        draw(now);
    }

    @Override
    public void finished() {
        if (!drawn) return;
        draw(nanoTime.getAsLong());
        out.print('\n');
        out.flush();
    }

    /** Bodies known to be small never get a bar; unknown sizes get one once they pass the threshold. */
    private boolean worthShowing() {
        return total >= 0 ? total > THRESHOLD : have > THRESHOLD;
    }

    private void draw(long now) {
        double seconds = Math.max(1e-3, (now - startedAt) / 1e9);
        out.print('\r' + render(have, total, (have - startBytes) / seconds, BAR_WIDTH));
        out.flush();
        drawn = true;
    }

    /** {@code " 45% [=============>                ] 12.3 MiB / 27.0 MiB  5.1 MiB/s"}; no bar when the total is unknown. */
    static String render(long have, long total, double bytesPerSecond, int width) {
        String rate = size(bytesPerSecond) + "/s";
        if (total <= 0) return String.format(Locale.ROOT, "%s  %s", size(have), rate);
        int percent = (int) Math.min(100, have * 100 / total);
        int filled = (int) Math.min(width, have * width / total);
        StringBuilder bar = new StringBuilder(width);
        for (int i = 0; i < width; i++) bar.append(i < filled ? '=' : (i == filled ? '>' : ' '));
        return String.format(Locale.ROOT, "%3d%% [%s] %s / %s  %s", percent, bar, size(have), size(total), rate);
    }

    static String size(double bytes) {
        if (bytes < 1024) return String.format(Locale.ROOT, "%.0f B", bytes);
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
        if (bytes < 1024.0 * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
