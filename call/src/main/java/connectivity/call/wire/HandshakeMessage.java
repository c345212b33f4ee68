package connectivity.call.wire;

/**
 * The plain messages of the call handshake ({@code connectivity.call.crypto.ChannelHandshake}): the
 * initiator's hello, the responder's hello and signature, then the initiator's signature. A side that
 * will not talk sends a {@link Refusal} instead.
 */
public sealed interface HandshakeMessage extends ProtocolMessage
        permits Refusal, HandshakeMessage.Hello, HandshakeMessage.InitiatorSignature, HandshakeMessage.ResponderSignature {
    /** What both hellos carry: the call, the sender's name, its Ed25519 identity key and its ephemeral X25519 key. */
    sealed interface Hello extends HandshakeMessage permits InitiatorHello, ResponderHello {
        String call();

        String name();

        byte[] key();

        byte[] ephemeral();
    }

    /** {@code path} is the path the initiator chose (direct, reverse, relay), which the responder reports. */
    record InitiatorHello(String call, String name, byte[] key, byte[] ephemeral, String path) implements Hello {}

    record ResponderHello(String call, String name, byte[] key, byte[] ephemeral) implements Hello {}

    /** The initiator's Ed25519 signature over the transcript hash. */
    record InitiatorSignature(byte[] signature) implements HandshakeMessage {}

    /** The responder's Ed25519 signature over the transcript hash. */
    record ResponderSignature(byte[] signature) implements HandshakeMessage {}
}
