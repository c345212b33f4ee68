package connectivity.call.client;

import connectivity.call.crypto.ChannelHandshake;
import connectivity.call.crypto.SecureChannel;
import connectivity.call.wire.Frames;
import connectivity.call.wire.ListenerMessage;
import connectivity.call.wire.MessageChannel;
import connectivity.net.Connection;
import connectivity.net.NetFailures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** The caller connects to the callee's listening socket: its LAN address(es) first if behind the same NAT, then its public one. */
public final class DirectAttempt implements ConnectAttempt {
    private final List<InetSocketAddress> candidates;

    public DirectAttempt(List<InetSocketAddress> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    @Override
    public String path() {
        return "direct";
    }

    @Override
    public String describe() {
        return "direct to " + candidates.stream().map(Addresses::format).toList();
    }

    @Override
    public SecureChannel connect(DialContext ctx) throws IOException {
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress a : candidates) {
            Connection c = null;
            try {
                c = Connection.dial(a, ctx.connectTimeout());
                new MessageChannel(c, Frames.MAX_CONTROL).send(new ListenerMessage.Route(ctx.callId()));
                return ChannelHandshake.initiate(c, ctx.identity(), ctx.name(), ctx.peerKey(), ctx.callId(), path(),
                        ctx.connectTimeout());
            } catch (IOException e) {
                if (c != null) c.close();
                failures.add(Addresses.format(a) + ": " + NetFailures.describe(e, ctx.connectTimeout()));
            }
        }
        throw new IOException(String.join("; ", failures));
    }
}
