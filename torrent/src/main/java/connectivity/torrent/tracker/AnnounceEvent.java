package connectivity.torrent.tracker;

import java.util.Optional;

/** The {@code event} of an announce; a regular re-announce has none. */
public enum AnnounceEvent {
    NONE(""),
    STARTED("started"),
    COMPLETED("completed"),
    STOPPED("stopped");

    private final String wire;

    AnnounceEvent(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Parses the wire form; empty for an unknown event. */
    public static Optional<AnnounceEvent> parse(String s) {
        for (AnnounceEvent e : values()) {
            if (e.wire.equals(s)) return Optional.of(e);
        }
        // BEP 3 names "empty" as the same as absent.
        return s.equals("empty") ? Optional.of(NONE) : Optional.empty();
    }
}
