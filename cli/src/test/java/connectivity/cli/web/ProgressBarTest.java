package connectivity.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class ProgressBarTest {
    @Test
    void rendersPercentBarSizesAndRate() {
        assertThat(ProgressBar.render(5 * 1024 * 1024, 10 * 1024 * 1024, 2 * 1024 * 1024, 10))
                .isEqualTo(" 50% [=====>    ] 5.0 MiB / 10.0 MiB  2.0 MiB/s");
        assertThat(ProgressBar.render(10, 10, 0, 4)).isEqualTo("100% [====] 10 B / 10 B  0 B/s");
        assertThat(ProgressBar.render(3 * 1024 * 1024, -1, 1024, 10)).isEqualTo("3.0 MiB  1.0 KiB/s");
    }

    @Test
    void drawsOnlyForLargeBodiesAndAtMostTenTimesASecond() {
        AtomicLong clock = new AtomicLong();
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), clock::get);
        bar.started(0, 4 * 1024 * 1024);
        for (int i = 1; i <= 40; i++) {
            clock.addAndGet(10_000_000L); // 10 ms between chunks: 400 ms in all
            bar.advanced(i * 100_000L);
        }
        bar.finished();
        long redraws = text.toString().chars().filter(c -> c == '\r').count();
        assertThat(redraws).isBetween(4L, 6L); // about one per 100 ms, plus the final one
        assertThat(text.toString()).endsWith("\n");

        StringWriter small = new StringWriter();
        ProgressBar quiet = new ProgressBar(new PrintWriter(small), clock::get);
        quiet.started(0, 1000);
        clock.addAndGet(1_000_000_000L);
        quiet.advanced(1000);
        quiet.finished();
        assertThat(small.toString()).isEmpty();
    }
}
