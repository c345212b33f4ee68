package connectivity.call.relay;

import java.time.Instant;

/** The relay's memory of spent tokens, so each is honoured once. */
public interface UsedTokens {
    /** Records the nonce as spent; false if it already was. Entries may be forgotten after {@code expires}. */
    boolean markUsed(String nonce, Instant expires);
}
