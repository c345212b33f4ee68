package connectivity.torrent.dht;

import java.util.Optional;

/**
 * A datagram that is not a KRPC message we accept. {@code tid} is set when the transaction ID could be read,
 * so a malformed query can still be answered with error {@code code} (203).
 */
public final class KrpcException extends Exception {
    private final int code;
    private final transient byte[] tid;
    private final boolean query;

    public KrpcException(int code, String problem) {
        this(code, problem, null, false);
    }

    public KrpcException(int code, String problem, byte[] tid, boolean query) {
        super(problem);
        this.code = code;
        this.tid = tid;
        this.query = query;
    }

    /** Whether the message said it was a query: only those get an error back. */
    public boolean query() {
        return query;
    }

    public int code() {
        return code;
    }

    public Optional<byte[]> tid() {
        return Optional.ofNullable(tid);
    }

    /** The same problem, now knowing the transaction and whether the message was a query. */
    KrpcException in(byte[] t, boolean wasQuery) {
        return new KrpcException(code, getMessage(), t, wasQuery);
    }
}
