package connectivity.call.relay;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.call.store.RedisFixture;
import connectivity.call.wire.Frames;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.WireMessage;
import connectivity.net.Connection;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** Relays sharing spent tokens in Redis: one token is honoured once among them; a down Redis refuses joins. */
@Timeout(60)
class RedisRelayTest {
    static final Duration T = Duration.ofSeconds(5);
    static final RelayTokens TOKENS = new RelayTokens("0123456789abcdef0123456789abcdef".getBytes());
    @RegisterExtension
    static final RedisFixture redis = new RedisFixture();
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    RelayServer relay() throws IOException {
        RelayServer r = new RelayServer(TOKENS, new RedisUsedTokens(redis.store(), "conn:call:", Clock.systemUTC()),
                RelayLimits.defaults()).start("127.0.0.1", 0);
        open.add(r);
        return r;
    }

    /** Joins with {@code token} and returns the relay's first answer (WAITING), or throws its refusal. */
    WireMessage join(RelayServer relay, String token) throws IOException {
        Connection c = Connection.dial("127.0.0.1", relay.port(), T);
        open.add(c);
        c.readTimeout(T);
        MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
        ch.send(WireMessage.of("JOIN", "token", token));
        return ch.expect("WAITING");
    }

    @Test
    void aTokenSpentAtOneRelayIsRefusedAtAnother() throws Exception {
        redis.freshStore();
        RelayServer one = relay();
        RelayServer two = relay();
        String token = TOKENS.issue("call-1", "alice");
        join(one, token);
        assertThatThrownBy(() -> join(two, token)).isInstanceOf(MessageChannel.RemoteRefusal.class)
                .hasMessageContaining("already used");
        join(two, TOKENS.issue("call-2", "alice"));
    }

    @Test
    void aDownRedisRefusesJoinsWithAReasonAndABackOneAcceptsThemAgain() throws Exception {
        RelayServer relay = relay();
        redis.redis.stop();
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> join(relay, TOKENS.issue("call-3", "bob")))
                        .isInstanceOf(MessageChannel.RemoteRefusal.class).hasMessageContaining("store is unavailable");
            }
        } finally {
            redis.redis.restart();
        }
        join(relay, TOKENS.issue("call-3", "bob"));
    }
}
