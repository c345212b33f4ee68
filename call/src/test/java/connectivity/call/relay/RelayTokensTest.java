package connectivity.call.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RelayTokensTest {
    static final byte[] SECRET = "a secret of enough length".getBytes();

    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void aTokenVerifiesAndNamesItsCallAndUser() throws Exception {
        RelayTokens tokens = new RelayTokens(SECRET);
        RelayToken t = tokens.verify(tokens.issue("call-1", "alice"));
        assertThat(t.callId()).isEqualTo("call-1");
        assertThat(t.user()).isEqualTo("alice");
    }

    @Test
    void expiresAfterThirtySeconds() throws Exception {
        ManualClock clock = new ManualClock();
        RelayTokens tokens = new RelayTokens(SECRET, clock, RelayTokens.DEFAULT_TTL);
        String token = tokens.issue("c", "bob");
        clock.now = clock.now.plus(Duration.ofSeconds(29));
        assertThat(tokens.verify(token).user()).isEqualTo("bob");
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
    }

    @Test
    void forgedOrOtherSecretTokensAreRefused() {
        RelayTokens ours = new RelayTokens(SECRET);
        RelayTokens theirs = new RelayTokens("another secret, also long".getBytes());
        assertThatThrownBy(() -> ours.verify(theirs.issue("c", "eve"))).hasMessageContaining("signature");
        String token = ours.issue("c", "eve");
        String altered = token.substring(0, 3) + (token.charAt(3) == 'A' ? 'B' : 'A') + token.substring(4);
        assertThatThrownBy(() -> ours.verify(altered)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> ours.verify("garbage")).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aUsedTokenIsRememberedUntilItExpires() {
        ManualClock clock = new ManualClock();
        InMemoryUsedTokens used = new InMemoryUsedTokens(clock);
        Instant expiry = clock.now.plusSeconds(30);
        assertThat(used.markUsed("n1", expiry)).isTrue();
        assertThat(used.markUsed("n1", expiry)).isFalse();
        clock.now = clock.now.plusSeconds(31);
        assertThat(used.markUsed("n2", clock.now.plusSeconds(30))).isTrue();
        assertThat(used.size()).isEqualTo(1); // n1 forgotten: it would fail as expired anyway
    }
}
