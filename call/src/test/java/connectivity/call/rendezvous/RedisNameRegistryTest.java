package connectivity.call.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.call.store.RedisFixture;
import connectivity.call.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisNameRegistryTest extends NameRegistryContract {
    @RegisterExtension
    static final RedisFixture redis = new RedisFixture();

    @Override
    NameRegistry registry() {
        return new RedisNameRegistry(redis.freshStore(), "conn:call:");
    }

    @Test
    void aBindingOutlivesTheProcessThatMadeIt() {
        assertThat(registry().bindOrCheck("alice", KEY_A)).isTrue();
        NameRegistry afterRestart = new RedisNameRegistry(redis.store(), "conn:call:");
        assertThat(afterRestart.isBound("alice")).isTrue();
        assertThat(afterRestart.bindOrCheck("alice", KEY_B)).isFalse();
        assertThat(afterRestart.bindOrCheck("alice", KEY_A)).isTrue();
    }

    @Test
    void prefixesKeepDeploymentsApart() {
        var store = redis.freshStore();
        assertThat(new RedisNameRegistry(store, "one:").bindOrCheck("alice", KEY_A)).isTrue();
        assertThat(new RedisNameRegistry(store, "two:").bindOrCheck("alice", KEY_B)).isTrue();
    }

    @Test
    void aDownRedisIsReportedAndABackOneServesAgain() throws Exception {
        NameRegistry r = registry();
        redis.redis.stop();
        try {
            assertThatThrownBy(() -> r.bindOrCheck("alice", KEY_A)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> r.isBound("alice")).isInstanceOf(StoreUnavailableException.class);
        } finally {
            redis.redis.restart();
        }
        assertThat(r.bindOrCheck("alice", KEY_A)).isTrue();
    }
}
