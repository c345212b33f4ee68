package connectivity.torrent.dht;

/** A KRPC error message: {@code e: [code, message]}. */
public record KrpcError(byte[] tid, int code, String message) implements KrpcMessage {
    public static final int GENERIC = 201;
    public static final int SERVER = 202;
    public static final int PROTOCOL = 203;
    public static final int METHOD_UNKNOWN = 204;

    public KrpcError {
        if (message == null) message = "";
    }
}
