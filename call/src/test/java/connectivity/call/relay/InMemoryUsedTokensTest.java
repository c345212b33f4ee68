package connectivity.call.relay;

import java.time.Clock;

class InMemoryUsedTokensTest extends UsedTokensContract {
    @Override
    UsedTokens tokens() {
        return new InMemoryUsedTokens(Clock.systemUTC());
    }
}
