package connectivity.call.client;

import connectivity.call.crypto.ChannelHandshake;
import connectivity.call.crypto.Identity;
import connectivity.call.wire.Frames;
import connectivity.call.wire.ListenerMessage.Route;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.RendezvousMessage.RelayToken;
import connectivity.net.Connection;
import connectivity.net.NetFailures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The callee's side of each path: runs the responder handshake on whatever transport arrives for an
 * accepted call (the caller at our socket, our connection back to the caller, the relay), and the first
 * to get through becomes the call.
 */
final class Responder implements IncomingCalls.Arrivals {
    private final CallClientConfig config;
    private final Identity identity;
    private final ClientEvents events;
    private final IncomingCalls incoming;
    private final ActiveCalls calls;

    Responder(CallClientConfig config, Identity identity, ClientEvents events, IncomingCalls incoming, ActiveCalls calls) {
        this.config = config;
        this.identity = identity;
        this.events = events;
        this.incoming = incoming;
        this.calls = calls;
    }

    @Override
    public void connectBack(IncomingCall call, List<String> addresses) {
        Thread.ofVirtual().name("reverse-" + call.id()).start(() -> connectReverse(call, addresses));
    }

    @Override
    public void joinRelay(IncomingCall call, RelayToken token) {
        Thread.ofVirtual().name("relay-" + call.id()).start(() -> relay(call, token));
    }

    private void connectReverse(IncomingCall call, List<String> addrs) {
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress a : Addresses.parseAllQuietly(addrs)) {
            try {
                Connection c = Connection.dial(a, config.connectTimeout());
                new MessageChannel(c, Frames.MAX_CONTROL).send(new Route(call.id()));
                respond(c, call);
                return;
            } catch (IOException e) {
                failures.add(Addresses.format(a) + ": " + NetFailures.describe(e, config.connectTimeout()));
            }
        }
        events.progress(call.id(), "reverse connect failed: " + String.join("; ", failures));
    }

    private void relay(IncomingCall call, RelayToken tokenMessage) {
        try {
            InetSocketAddress relay = Addresses.parse(tokenMessage.relay());
            Connection c = RelayAttempt.join(relay, tokenMessage.token(), config.connectTimeout(), config.answerTimeout());
            respond(c, call);
        } catch (IOException e) {
            events.progress(call.id(), "relay: " + e.getMessage());
        }
    }

    /** Runs the responder handshake on one transport and, if it is the first, the call until it ends. */
    void respond(Connection c, IncomingCall call) {
        try {
            ChannelHandshake.Result r = ChannelHandshake.respond(c, identity, config.name(), call.fromKey(), call.id(),
                    config.connectTimeout());
            if (!incoming.claim(call)) {
                c.close();
                return;
            }
            Call established = new Call(call.id(), call.from(), r.path(), false, r.channel(), events, config.saveTo(),
                    config.callPingInterval());
            established.peerKey(call.fromKey());
            calls.add(established); // before the ring is cleared, so the client never looks free
            incoming.established(call);
            events.connected(established);
            established.run();
            calls.remove(established);
        } catch (IOException e) {
            c.close();
            events.progress(call.id(), "handshake failed: " + e.getMessage());
        }
    }
}
