package connectivity.call.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.call.store.RedisFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisPresenceStoreTest extends PresenceStoreContract {
    @RegisterExtension
    static final RedisFixture redis = new RedisFixture();

    @Override
    PresenceStore store() {
        return new RedisPresenceStore(redis.freshStore(), "conn:call:", Duration.ofSeconds(30));
    }

    @Test
    void anEntryNobodyRefreshesExpiresFromGetAndNames() {
        PresenceStore s = new RedisPresenceStore(redis.freshStore(), "conn:call:", Duration.ofMillis(300));
        s.put(presence("alice", 1));
        assertThat(s.names()).containsExactly("alice");
        await().atMost(Duration.ofSeconds(5)).until(() -> s.get("alice").isEmpty() && s.names().isEmpty());
    }

    @Test
    void refreshesKeepAnEntryPastItsTtl() {
        PresenceStore s = new RedisPresenceStore(redis.freshStore(), "conn:call:", Duration.ofMillis(400));
        Presence p = presence("alice", 1);
        s.put(p);
        long until = System.nanoTime() + Duration.ofMillis(1200).toNanos();
        // For three TTLs, look (before refreshing) every 50 ms: without working refreshes it would be gone.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(s.get("alice")).isPresent();
            assertThat(s.refresh(p)).isTrue();
            return System.nanoTime() > until;
        });
        assertThat(s.names()).containsExactly("alice");
    }
}
