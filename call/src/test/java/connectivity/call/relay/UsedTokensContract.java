package connectivity.call.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What every {@link UsedTokens} must do; subclasses supply the implementation. */
@Timeout(30)
abstract class UsedTokensContract {
    abstract UsedTokens tokens();

    static Instant later() {
        return Instant.now().plusSeconds(30);
    }

    @Test
    void aTokenIsHonouredOnce() throws Exception {
        UsedTokens t = tokens();
        assertThat(t.markUsed("n1", later())).isTrue();
        assertThat(t.markUsed("n1", later())).isFalse();
        assertThat(t.markUsed("n2", later())).isTrue();
    }

    @Test
    void ofManyRacingUsesOfOneTokenExactlyOneWins() throws Exception {
        UsedTokens t = tokens();
        Instant expires = later();
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) racers.add(() -> t.markUsed("raced", expires));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            long winners = 0;
            for (Future<Boolean> f : pool.invokeAll(racers, 20, TimeUnit.SECONDS)) if (f.get()) winners++;
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
