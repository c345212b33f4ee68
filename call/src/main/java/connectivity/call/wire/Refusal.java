package connectivity.call.wire;

/** A server or peer saying no before it closes; {@code reason} (may be null) is meant for the user. */
public record Refusal(String reason) implements RendezvousMessage, ListenerMessage, RelayMessage, HandshakeMessage {
    public String reasonOr(String fallback) {
        return reason != null ? reason : fallback;
    }
}
