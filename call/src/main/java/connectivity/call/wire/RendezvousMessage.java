package connectivity.call.wire;

import java.util.List;

/**
 * What a client and the rendezvous say to each other over the long-lived login connection. Fields
 * documented as optional are null (or false / empty) when absent and then not sent.
 */
public sealed interface RendezvousMessage extends ProtocolMessage permits Refusal, RendezvousMessage.Challenge,
        RendezvousMessage.Login, RendezvousMessage.Welcome, RendezvousMessage.Ping, RendezvousMessage.Pong,
        RendezvousMessage.Who, RendezvousMessage.WhoList, RendezvousMessage.CallRequest, RendezvousMessage.Ringing,
        RendezvousMessage.Incoming, RendezvousMessage.Answer, RendezvousMessage.CallRejected,
        RendezvousMessage.CallAccepted, RendezvousMessage.CallFailed, RendezvousMessage.CallCancelled,
        RendezvousMessage.Reverse, RendezvousMessage.ConnectTo, RendezvousMessage.RelayRequest,
        RendezvousMessage.RelayToken, RendezvousMessage.Failed, RendezvousMessage.Cancel, RendezvousMessage.Connected,
        RendezvousMessage.Punch, RendezvousMessage.PunchSync {

    /** Server first: sign {@code nonce}; answer a later PROBE with {@code probe}; {@code seen} is our address as it sees it. */
    record Challenge(byte[] nonce, String probe, String seen) implements RendezvousMessage {}

    record Login(String name, byte[] key, byte[] signature, long port, List<String> lan, boolean reachable)
            implements RendezvousMessage {
        public Login {
            lan = List.copyOf(lan);
        }
    }

    record Welcome(String seen, boolean reachable, long pingMillis) implements RendezvousMessage {}

    record Ping() implements RendezvousMessage {}

    record Pong() implements RendezvousMessage {}

    record Who() implements RendezvousMessage {}

    /** {@code more} names were left out so the list fits a frame; 0 means none (and is not sent). */
    record WhoList(List<String> names, int more) implements RendezvousMessage {
        public WhoList {
            names = List.copyOf(names);
        }
    }

    /** The caller asks to ring {@code to}. */
    record CallRequest(String call, String to) implements RendezvousMessage {}

    record Ringing(String call) implements RendezvousMessage {}

    /** To the callee: {@code from} (whose key is {@code key}) is calling. */
    record Incoming(String call, String from, byte[] key) implements RendezvousMessage {}

    /** The callee's answer; {@code busy} (sent only when true) explains a refusal. */
    record Answer(String call, boolean accept, boolean busy) implements RendezvousMessage {}

    record CallRejected(String call, boolean busy) implements RendezvousMessage {}

    /** To the caller: what the rendezvous knows of the callee, to plan the connect attempts. */
    record CallAccepted(String call, byte[] key, String publicAddress, List<String> lan, boolean reachable,
            boolean sameNat, boolean youReachable) implements RendezvousMessage {
        public CallAccepted {
            lan = List.copyOf(lan);
        }
    }

    /** {@code reason} is optional. */
    record CallFailed(String call, String reason) implements RendezvousMessage {}

    /** {@code reason} is optional. */
    record CallCancelled(String call, String reason) implements RendezvousMessage {}

    /** The caller asks the rendezvous to have the callee connect back. */
    record Reverse(String call) implements RendezvousMessage {}

    record ConnectTo(String call, List<String> addresses) implements RendezvousMessage {
        public ConnectTo {
            addresses = List.copyOf(addresses);
        }
    }

    /** The caller asks for relay tokens for {@code relay} (HOST:PORT). */
    record RelayRequest(String call, String relay) implements RendezvousMessage {}

    record RelayToken(String call, String relay, String token) implements RendezvousMessage {}

    /** The caller found no path; {@code reason} is optional. */
    record Failed(String call, String reason) implements RendezvousMessage {}

    /** The caller gave up while it rang. */
    record Cancel(String call) implements RendezvousMessage {}

    record Connected(String call, String path) implements RendezvousMessage {}

    /**
     * Hole punching for a call already up (on the relay): from a client, "tell {@code peer} that I will dial from
     * {@code address} and my NAT is {@code nat}" ({@code cone}, {@code symmetric} or {@code public}); the
     * rendezvous passes it on with {@code peer} set to the sender's name.
     */
    record Punch(String call, String peer, String address, String nat) implements RendezvousMessage {}

    /** The caller's go: the callee dials on receipt, the caller half the measured round trip later. */
    record PunchSync(String call, String peer) implements RendezvousMessage {}
}
