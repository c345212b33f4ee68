package connectivity.torrent.tracker.udp;

/** A datagram that is not a well-formed UDP tracker message (BEP 15); the message says what is wrong. */
public final class UdpProtocolException extends Exception {
    public UdpProtocolException(String message) {
        super(message);
    }
}
