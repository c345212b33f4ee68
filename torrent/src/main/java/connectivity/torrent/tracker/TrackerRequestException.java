package connectivity.torrent.tracker;

/** A request the tracker refuses; the message goes back to the client as {@code failure reason}. */
public final class TrackerRequestException extends Exception {
    public TrackerRequestException(String message) {
        super(message);
    }
}
