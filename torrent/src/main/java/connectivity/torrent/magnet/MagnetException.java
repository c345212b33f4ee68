package connectivity.torrent.magnet;

/** A magnet link that cannot be used, or a metadata phase that failed, with one clear message saying why. */
public final class MagnetException extends Exception {
    public MagnetException(String message) {
        super(message);
    }
}
