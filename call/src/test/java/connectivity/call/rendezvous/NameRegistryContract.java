package connectivity.call.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What every {@link NameRegistry} must do; subclasses supply the implementation. */
@Timeout(30)
abstract class NameRegistryContract {
    static final byte[] KEY_A = {1, 2, 3};
    static final byte[] KEY_B = {4, 5, 6};

    abstract NameRegistry registry();

    @Test
    void theFirstKeyBindsTheNameAndOnlyItPassesAfterwards() {
        NameRegistry r = registry();
        assertThat(r.isBound("alice")).isFalse();
        assertThat(r.bindOrCheck("alice", KEY_A)).isTrue();
        assertThat(r.isBound("alice")).isTrue();
        assertThat(r.bindOrCheck("alice", KEY_A.clone())).isTrue();
        assertThat(r.bindOrCheck("alice", KEY_B)).isFalse();
        assertThat(r.bindOrCheck("bob", KEY_B)).isTrue();
        assertThat(r.isBound("carol")).isFalse();
    }

    @Test
    void ofManyKeysRacingForOneNameExactlyOneWins() throws Exception {
        NameRegistry r = registry();
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            byte[] key = {(byte) i};
            racers.add(() -> r.bindOrCheck("contested", key));
        }
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
