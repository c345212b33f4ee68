package connectivity.torrent.tracker;

/** No tracker could be used: the message says what the last one said or why it failed. */
public final class TrackerException extends Exception {
    public TrackerException(String message) {
        super(message);
    }

    public TrackerException(String message, Throwable cause) {
        super(message, cause);
    }
}
