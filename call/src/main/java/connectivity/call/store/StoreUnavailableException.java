package connectivity.call.store;

/**
 * The shared store (Redis) did not answer. Unchecked because the store interfaces are also served from memory,
 * where this never happens; the servers catch it where a user can be told "try again" instead of crashing.
 */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
