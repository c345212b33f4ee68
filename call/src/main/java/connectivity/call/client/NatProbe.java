package connectivity.call.client;

import connectivity.call.wire.Frames;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.RelayMessage;
import connectivity.call.wire.RendezvousMessage.Challenge;
import connectivity.net.Connection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.time.Duration;

/**
 * Learns how our NAT maps one local port: from a fresh port, one connection to the rendezvous (whose CHALLENGE
 * says where it sees us) and one to the relay (OBSERVE), both open at once. The same address towards both is an
 * endpoint-independent mapping (a cone NAT, or none), which a peer can dial; two addresses mean a new mapping per
 * destination (symmetric), which nobody can predict, so punching is skipped.
 */
final class NatProbe {
    enum Nat {
        PUBLIC, CONE, SYMMETRIC;

        String wire() {
            return name().toLowerCase();
        }

        static Nat of(String wire) {
            for (Nat n : values()) if (n.wire().equals(wire)) return n;
            return SYMMETRIC; // unknown words are treated as the case that cannot punch
        }
    }

    /** The local port and address to dial from, where the world sees it, and what that says about the NAT. */
    record Result(InetAddress local, int port, String mapped, String viaRelay, Nat nat) {
        String describe() {
            return switch (nat) {
                case PUBLIC -> "no NAT (seen as " + mapped + ")";
                case CONE -> "cone NAT (port " + port + " maps to " + mapped + " towards the rendezvous and the relay)";
                case SYMMETRIC -> "symmetric NAT (port " + port + " maps to " + mapped + " towards the rendezvous but "
                        + viaRelay + " towards the relay)";
            };
        }
    }

    private NatProbe() {}

    static Result run(InetSocketAddress rendezvous, InetSocketAddress relay, Duration timeout) throws IOException {
        try (Socket toRendezvous = bound(null, 0)) {
            toRendezvous.connect(rendezvous, millis(timeout));
            InetAddress local = toRendezvous.getLocalAddress();
            int port = toRendezvous.getLocalPort();
            Connection c1 = new Connection(toRendezvous);
            c1.readTimeout(timeout);
            String seen = new MessageChannel(c1, Frames.MAX_CONTROL).expect(ProtocolCodec::rendezvous, Challenge.class).seen();
            try (Socket toRelay = bound(local, port)) {
                toRelay.connect(relay, millis(timeout));
                Connection c2 = new Connection(toRelay);
                c2.readTimeout(timeout);
                MessageChannel ch = new MessageChannel(c2, Frames.MAX_CONTROL);
                ch.send(new RelayMessage.Observe());
                String viaRelay = ch.expect(ProtocolCodec::relay, RelayMessage.Observed.class).seen();
                String here = local.getHostAddress() + ":" + port;
                Nat nat = !seen.equals(viaRelay) ? Nat.SYMMETRIC : seen.equals(here) ? Nat.PUBLIC : Nat.CONE;
                return new Result(local, port, seen, viaRelay, nat);
            }
        }
    }

    /** A socket on {@code port} that may share it with our other sockets there (the NAT mapping is per port). */
    static Socket bound(InetAddress local, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.setReuseAddress(true);
            if (s.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            s.bind(new InetSocketAddress(local, port));
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
