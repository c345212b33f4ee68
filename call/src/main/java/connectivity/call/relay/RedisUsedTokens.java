package connectivity.call.relay;

import connectivity.call.store.RedisStore;
import connectivity.call.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import redis.clients.jedis.params.SetParams;

/**
 * Spent tokens in Redis, shared by every relay on it, so two relays never both accept one token: SET NX is
 * atomic, and the key expires with the token (an expired token fails its check anyway).
 */
public final class RedisUsedTokens implements UsedTokens {
    private final RedisStore store;
    private final String prefix;
    private final Clock clock;

    public RedisUsedTokens(RedisStore store, String prefix, Clock clock) {
        this.store = store;
        this.prefix = prefix + "token:";
        this.clock = clock;
    }

    @Override
    public boolean markUsed(String nonce, Instant expires) throws InvalidTokenException {
        // At least a second: the relay's clock and the token's may differ a little; holding longer is harmless.
        long ttl = Math.max(1000, Duration.between(clock.instant(), expires).toMillis() + 1000);
        try {
            return "OK".equals(store.run(j -> j.set(prefix + nonce, "1", SetParams.setParams().nx().px(ttl))));
        } catch (StoreUnavailableException e) {
            throw new InvalidTokenException("relay cannot check tokens now (its store is unavailable); try again");
        }
    }
}
