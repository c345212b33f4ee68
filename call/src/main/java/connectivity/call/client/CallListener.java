package connectivity.call.client;

import connectivity.call.crypto.ChannelHandshake;
import connectivity.call.crypto.Identity;
import connectivity.call.crypto.SecureChannel;
import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.Frames;
import connectivity.call.wire.ListenerMessage;
import connectivity.call.wire.ListenerMessage.Probe;
import connectivity.call.wire.ListenerMessage.ProbeOk;
import connectivity.call.wire.ListenerMessage.Route;
import connectivity.call.wire.MessageChannel;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.Refusal;
import connectivity.net.Connection;
import connectivity.net.Listener;
import connectivity.net.support.Interrupted;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Our listening socket. The first message on a connection says what it is: the rendezvous's reachability
 * probe (answered with this login's nonce), a caller reaching a call ringing here (direct), or a callee we
 * asked to connect back to us (reverse), handed to the dial that waits for it.
 */
final class CallListener implements Closeable {
    /** A dial waiting for its callee to connect back: whom it expects and where the channel goes. */
    private record ReverseWait(byte[] peerKey, CompletableFuture<SecureChannel> channel) {}

    private final CallClientConfig config;
    private final Identity identity;
    private final IncomingCalls incoming;
    private final Responder responder;
    private final Supplier<String> probeNonce;
    private final Map<String, ReverseWait> reverseWaits = new ConcurrentHashMap<>();
    private Listener listener;

    CallListener(CallClientConfig config, Identity identity, IncomingCalls incoming, Responder responder,
            Supplier<String> probeNonce) {
        this.config = config;
        this.identity = identity;
        this.incoming = incoming;
        this.responder = responder;
        this.probeNonce = probeNonce;
    }

    CallListener start() throws IOException {
        listener = Listener.start("call-listen", config.listen().getAddress(), config.listen().getPort(), this::accepted);
        return this;
    }

    int port() {
        return listener.port();
    }

    /** Where we can be reached on our own networks, for a caller behind the same NAT. */
    List<String> lanAddresses() {
        if (config.unreachable()) return List.of();
        int port = listener.port();
        InetAddress bound = config.listen().getAddress();
        if (!bound.isAnyLocalAddress()) return List.of(bound.getHostAddress() + ":" + port);
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) continue;
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) out.add(a.getHostAddress() + ":" + port);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    /** What asks the rendezvous for the REVERSE, once the wait is in place. */
    @FunctionalInterface
    interface Ask {
        void send() throws IOException;
    }

    /**
     * Waits for the callee of {@code callId} to connect back to us, after {@code ask} asked for it; the
     * handshake (we are still its initiator) must show {@code peerKey}. A late arrival loses and is closed.
     */
    SecureChannel awaitReverse(String callId, byte[] peerKey, Ask ask) throws IOException {
        ReverseWait w = new ReverseWait(peerKey, new CompletableFuture<>());
        reverseWaits.put(callId, w);
        Duration wait = config.connectTimeout().multipliedBy(2);
        try {
            ask.send();
            return w.channel().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            w.channel().completeExceptionally(e); // a late arrival now loses and is closed
            throw new IOException("the callee did not connect back within " + wait.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        } finally {
            reverseWaits.remove(callId, w);
        }
    }

    private void accepted(Connection c) throws IOException {
        c.readTimeout(config.connectTimeout());
        MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
        ListenerMessage first;
        try {
            first = ch.receive(ProtocolCodec::listener);
        } catch (CallProtocolException e) {
            ch.send(new Refusal(e.getMessage()));
            return;
        }
        if (first == null) return;
        if (first instanceof Probe) {
            ch.send(new ProbeOk(probeNonce.get()));
            return;
        }
        if (!(first instanceof Route route)) {
            ch.send(new Refusal("unexpected " + ProtocolCodec.typeName(first)));
            return;
        }
        String callId = route.call();
        IncomingCall call = incoming.get(callId);
        if (call != null) {
            responder.respond(c, call); // direct: the caller reached our socket
            return;
        }
        ReverseWait reverse = reverseWaits.get(callId);
        if (reverse == null) {
            ch.send(new Refusal("no such call"));
            return;
        }
        // reverse: the callee connected back to us; we are still the handshake's initiator
        SecureChannel channel;
        try {
            channel = ChannelHandshake.initiate(c, identity, config.name(), reverse.peerKey(), callId, "reverse",
                    config.connectTimeout());
        } catch (IOException e) {
            reverse.channel().completeExceptionally(e);
            return;
        }
        if (!reverse.channel().complete(channel)) return;
        // The call's reader runs on its own thread; this handler owns the socket, so it waits for the end.
        try {
            channel.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (listener != null) listener.close();
    }
}
