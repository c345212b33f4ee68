package connectivity.torrent.daemon.rpc;

/** A request the RPC refuses; the message is the {@code result} string sent back (Transmission's wording where it has one). */
final class RpcException extends Exception {
    RpcException(String result) {
        super(result);
    }
}
