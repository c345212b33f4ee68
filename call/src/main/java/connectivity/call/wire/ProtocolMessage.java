package connectivity.call.wire;

/**
 * A typed message of one of the call protocols. {@link ProtocolCodec} is the only place that maps
 * these records onto {@link WireMessage} frames, so no type name or field key is spelled anywhere else.
 */
public sealed interface ProtocolMessage permits RendezvousMessage, ListenerMessage, RelayMessage, HandshakeMessage, InCallMessage {}
