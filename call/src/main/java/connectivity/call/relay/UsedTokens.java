package connectivity.call.relay;

import java.time.Instant;

/** The relay's memory of spent tokens, so each is honoured once. */
public interface UsedTokens {
    /**
     * Records the nonce as spent; false if it already was. Entries may be forgotten after {@code expires}.
     * Throws when it cannot tell (a shared store is down): a token is never accepted unchecked.
     */
    boolean markUsed(String nonce, Instant expires) throws InvalidTokenException;
}
