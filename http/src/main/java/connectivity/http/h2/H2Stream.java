package connectivity.http.h2;

/**
 * One stream's state (RFC 9113 5.1) and windows. Streams exist here from their HEADERS on; idle and
 * reserved states need no object (we never push). Fields are guarded by the connection's lock,
 * except the body, which locks itself.
 */
final class H2Stream {
    enum State {
        /** Both sides may send. */
        OPEN,
        /** The peer sent END_STREAM; we are answering. */
        HALF_CLOSED_REMOTE,
        /** We sent END_STREAM; the peer's body is still coming. */
        HALF_CLOSED_LOCAL,
        /** Done, or reset by either side. */
        CLOSED
    }

    final int id;
    final StreamBody body;
    volatile State state; // written under the Streams lock; read unlocked by the reader for its own side
    /** What we may still send; negative after the peer shrinks SETTINGS_INITIAL_WINDOW_SIZE. */
    long sendWindow;
    /** Send window already taken from both windows for a response the reader sends itself. */
    int reserved;
    /** What the peer may still send us. */
    long recvWindow;
    /** Body bytes the handler consumed that we have not yet given back with WINDOW_UPDATE. */
    int consumedUnacked;
    boolean reset;
    /** Counted against SETTINGS_MAX_CONCURRENT_STREAMS: from HEADERS until the handler is done and the body ended. */
    boolean holdsSlot = true;
    /** Answered while the peer was still sending: what else comes is dropped, and answered with RST_STREAM. */
    boolean discarding;

    H2Stream(int id, long sendWindow, long recvWindow, StreamBody body, boolean remoteEnded) {
        this.id = id;
        this.sendWindow = sendWindow;
        this.recvWindow = recvWindow;
        this.body = body;
        this.state = remoteEnded ? State.HALF_CLOSED_REMOTE : State.OPEN;
    }

    /** After our END_STREAM; true when the stream is now closed. */
    boolean localEnded() {
        state = switch (state) {
            case OPEN -> State.HALF_CLOSED_LOCAL;
            case HALF_CLOSED_REMOTE, CLOSED -> State.CLOSED;
            case HALF_CLOSED_LOCAL -> State.HALF_CLOSED_LOCAL;
        };
        return state == State.CLOSED;
    }

    /** After the peer's END_STREAM; true when the stream is now closed. */
    boolean remoteEnded() {
        state = switch (state) {
            case OPEN -> State.HALF_CLOSED_REMOTE;
            case HALF_CLOSED_LOCAL, CLOSED -> State.CLOSED;
            case HALF_CLOSED_REMOTE -> State.HALF_CLOSED_REMOTE;
        };
        return state == State.CLOSED;
    }

    boolean remoteOpen() {
        return state == State.OPEN || state == State.HALF_CLOSED_LOCAL;
    }
}
