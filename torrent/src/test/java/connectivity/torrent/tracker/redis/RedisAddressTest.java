package connectivity.torrent.tracker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisAddressTest {
    @Test
    void hostPortAndDatabaseWithDefaults() {
        assertThat(RedisAddress.parse("redis://127.0.0.1:6380/3")).isEqualTo(new RedisAddress("127.0.0.1", 6380, 3));
        assertThat(RedisAddress.parse("redis://cache.internal")).isEqualTo(new RedisAddress("cache.internal", 6379, 0));
        assertThat(RedisAddress.parse("redis://[::1]:7000/")).isEqualTo(new RedisAddress("::1", 7000, 0));
        assertThat(new RedisAddress("::1", 7000, 0)).hasToString("redis://[::1]:7000/0");
    }

    @Test
    void aPasswordInTheUriAndOtherMistakesAreRefusedWithAReason() {
        assertThatThrownBy(() -> RedisAddress.parse("redis://:pw@127.0.0.1:6379")).hasMessageContaining("password in a file");
        assertThatThrownBy(() -> RedisAddress.parse("rediss://127.0.0.1")).hasMessageContaining("not a redis:// URI");
        assertThatThrownBy(() -> RedisAddress.parse("redis://127.0.0.1/x")).hasMessageContaining("database must be a number");
        assertThatThrownBy(() -> RedisAddress.parse("redis:///0")).hasMessageContaining("no host");
        assertThatThrownBy(() -> RedisAddress.parse("redis://127.0.0.1:6379/0?x=1")).hasMessageContaining("unexpected query");
    }
}
