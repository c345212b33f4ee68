package connectivity.call.client;

import connectivity.call.crypto.ChannelHandshake;
import connectivity.call.crypto.SecureChannel;
import connectivity.call.wire.Frames;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.Refusal;
import connectivity.call.wire.RelayMessage;
import connectivity.call.wire.MessageChannel;
import connectivity.net.Connection;
import connectivity.net.NetFailures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Both sides connect out to a relay with one-time tokens from the rendezvous; the relay pairs them. */
public final class RelayAttempt implements ConnectAttempt {
    private final InetSocketAddress relay;

    public RelayAttempt(InetSocketAddress relay) {
        this.relay = relay;
    }

    @Override
    public String path() {
        return "relay";
    }

    @Override
    public String describe() {
        return "relay via " + Addresses.format(relay);
    }

    @Override
    public SecureChannel connect(DialContext ctx) throws IOException {
        String token = ctx.rendezvous().relayToken(relay);
        Connection c = join(relay, token, ctx.connectTimeout(), ctx.pairTimeout());
        try {
            return ChannelHandshake.initiate(c, ctx.identity(), ctx.name(), ctx.peerKey(), ctx.callId(), path(),
                    ctx.connectTimeout());
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /** Connects to the relay, presents the token and waits until the other side has joined too. */
    static Connection join(InetSocketAddress relay, String token, Duration connectTimeout, Duration pairTimeout)
            throws IOException {
        Connection c;
        try {
            c = Connection.dial(relay, connectTimeout);
        } catch (IOException e) {
            throw new IOException("relay " + Addresses.format(relay) + " unreachable: " + NetFailures.describe(e, connectTimeout));
        }
        try {
            c.readTimeout(pairTimeout);
            MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
            ch.send(new RelayMessage.Join(token));
            RelayMessage m = ch.receive(ProtocolCodec::relay);
            if (m instanceof RelayMessage.Waiting) m = ch.receive(ProtocolCodec::relay);
            return switch (m) {
                case null -> throw new IOException("relay closed the connection");
                case Refusal r -> throw new IOException("relay refused: " + r.reasonOr("no reason"));
                case RelayMessage.Paired p -> c;
                default -> throw new IOException("relay sent " + ProtocolCodec.typeName(m));
            };
        } catch (IOException e) {
            c.close();
            if (e.getMessage() != null && e.getMessage().startsWith("relay")) throw e;
            throw new IOException("relay: " + NetFailures.describe(e, pairTimeout));
        }
    }
}
