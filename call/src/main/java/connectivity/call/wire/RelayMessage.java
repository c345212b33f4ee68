package connectivity.call.wire;

/** The plain messages between a client and the relay before (and, for the notice, after) the pairing. */
public sealed interface RelayMessage extends ProtocolMessage
        permits Refusal, RelayMessage.Join, RelayMessage.Waiting, RelayMessage.Paired, RelayMessage.Notice,
        RelayMessage.Observe, RelayMessage.Observed {
    record Join(String token) implements RelayMessage {}

    record Waiting() implements RelayMessage {}

    record Paired(long maxBytes, long maxSeconds) implements RelayMessage {}

    /** Why the relay ended a paired call (after an empty frame); {@code reason} is optional. */
    record Notice(String reason) implements RelayMessage {}

    /** Instead of JOIN: "what address do you see me at?", for a client learning its NAT's mapping. */
    record Observe() implements RelayMessage {}

    /** The answer to OBSERVE; the relay then closes the connection. */
    record Observed(String seen) implements RelayMessage {}
}
