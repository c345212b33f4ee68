package connectivity.call.rendezvous;

import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.RendezvousMessage;
import connectivity.call.wire.WireMessage;

/** What one rendezvous instance tells the others through a {@link SignalBus}: all of it is about one user of theirs. */
public sealed interface Signal {
    /** The user the signal is for; the instance holding their session acts on it, the others ignore it. */
    String to();

    /** Write {@code message} to {@code to}'s client (and update the call it is about). */
    record Deliver(String to, RendezvousMessage message) implements Signal {}

    /** The call {@code callId} connected: forget it without telling the client (its caller's instance did). */
    record Forget(String to, String callId) implements Signal {}

    /** The one codec: an envelope frame (DELIVER with the message as its body, or FORGET). */
    static byte[] encode(Signal s) {
        return switch (s) {
            case Deliver d -> WireMessage.of("DELIVER", "to", d.to()).withBody(ProtocolCodec.encode(d.message()).encode()).encode();
            case Forget f -> WireMessage.of("FORGET", "to", f.to(), "call", f.callId()).encode();
        };
    }

    static Signal decode(byte[] bytes) throws CallProtocolException {
        WireMessage m = WireMessage.decode(bytes);
        return switch (m.type()) {
            case "DELIVER" -> new Deliver(m.get("to"), ProtocolCodec.rendezvous(WireMessage.decode(m.body())));
            case "FORGET" -> new Forget(m.get("to"), m.get("call"));
            default -> throw new CallProtocolException("unknown signal " + m.type());
        };
    }
}
