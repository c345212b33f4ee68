package connectivity.call.wire;

/** The first message on a connection to a client's listening socket: the rendezvous's probe, or a caller routing a call. */
public sealed interface ListenerMessage extends ProtocolMessage
        permits Refusal, ListenerMessage.Probe, ListenerMessage.ProbeOk, ListenerMessage.Route {
    record Probe() implements ListenerMessage {}

    /** The probe nonce of the login, proving the listener belongs to the client that logged in. */
    record ProbeOk(String probe) implements ListenerMessage {}

    /** The connection is for call {@code call}; the channel handshake follows. */
    record Route(String call) implements ListenerMessage {}
}
