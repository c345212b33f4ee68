package connectivity.torrent.tracker;

/**
 * A shared store could not be reached or answered in time. The tracker turns it into a refusal the client can
 * retry, never a crash; the store says so in its log, not per request.
 */
public final class SwarmStoreUnavailableException extends RuntimeException {
    public SwarmStoreUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
