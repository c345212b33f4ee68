package connectivity.torrent.tracker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** A store that is down says so once a minute, however many requests fail meanwhile, and once when it is back. */
class StoreHealthTest {
    final AtomicLong nanos = new AtomicLong(1_000);
    final List<String> warnings = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final StoreHealth health = new StoreHealth("redis://127.0.0.1:1/0", nanos::get, warnings::add, notes::add);

    @Test
    void aThousandFailuresInAMinuteAreOneLineThenOneAMinute() {
        for (int i = 0; i < 1000; i++) health.failed(new JedisConnectionException("Connection refused"));
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("redis://127.0.0.1:1/0 unavailable: Connection refused");
        assertThat(health.down()).isTrue();

        nanos.addAndGet(StoreHealth.LOG_EVERY.toNanos());
        health.failed(new JedisConnectionException("Connection refused"));
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).contains("(1000 requests failed since the last report)");

        health.succeeded();
        health.succeeded();
        assertThat(notes).containsExactly("swarm store redis://127.0.0.1:1/0 answers again (0 requests failed since the last report)");
        assertThat(health.down()).isFalse();
    }

    @Test
    void aFailureCarriesNoStackTraceToTheRequest() {
        assertThat(health.failed(new JedisConnectionException("x")).getStackTrace()).isEmpty();
    }
}
