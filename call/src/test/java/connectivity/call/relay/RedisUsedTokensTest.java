package connectivity.call.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.call.store.RedisFixture;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisUsedTokensTest extends UsedTokensContract {
    @RegisterExtension
    static final RedisFixture redis = new RedisFixture();

    @Override
    UsedTokens tokens() {
        return new RedisUsedTokens(redis.freshStore(), "conn:relay:", Clock.systemUTC());
    }

    @Test
    void twoRelaysOnOneRedisNeverBothAcceptOneToken() throws Exception {
        UsedTokens first = tokens();
        UsedTokens second = new RedisUsedTokens(redis.store(), "conn:relay:", Clock.systemUTC());
        assertThat(first.markUsed("shared", later())).isTrue();
        assertThat(second.markUsed("shared", later())).isFalse();
    }

    @Test
    void theSpentMarkExpiresWithTheToken() throws Exception {
        var store = redis.freshStore();
        UsedTokens t = new RedisUsedTokens(store, "conn:relay:", Clock.systemUTC());
        t.markUsed("soon", java.time.Instant.now().plusSeconds(5));
        long pttl = store.run(j -> j.pttl("conn:relay:token:soon"));
        assertThat(pttl).isBetween(1L, 6_000L);
    }

    @Test
    void aDownRedisRefusesTheTokenWithAReasonAndABackOneServesAgain() throws Exception {
        UsedTokens t = tokens();
        redis.redis.stop();
        try {
            assertThatThrownBy(() -> t.markUsed("n", later())).isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining("store is unavailable");
        } finally {
            redis.redis.restart();
        }
        assertThat(t.markUsed("n", later())).isTrue();
    }
}
