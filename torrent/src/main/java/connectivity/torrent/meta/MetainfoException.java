package connectivity.torrent.meta;

/** A .torrent file that cannot be used, with one clear message saying why. */
public final class MetainfoException extends Exception {
    public MetainfoException(String message) {
        super(message);
    }

    public MetainfoException(String message, Throwable cause) {
        super(message, cause);
    }
}
