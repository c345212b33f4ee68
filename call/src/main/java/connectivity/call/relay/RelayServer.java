package connectivity.call.relay;

import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.Deadline;
import connectivity.call.wire.Frames;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.Refusal;
import connectivity.call.wire.RelayMessage;
import connectivity.call.wire.MessageChannel;
import connectivity.net.Connection;
import connectivity.net.Listener;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pairs the two sides of a call that could not connect otherwise. Each side connects out and sends
 * {@code JOIN{token}}; a token is verified, spent, and counted against the caps; the first side
 * waits (bounded) for the second, then both get {@code PAIRED} and the relay pumps sealed frames.
 * {@code OBSERVE} instead of JOIN gets {@code OBSERVED{seen}} (the address the relay sees, for a client
 * learning whether its NAT maps one port the same way towards every destination) and a close.
 * Anything else on the socket gets {@code ERROR{reason}} and a close.
 */
public final class RelayServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(RelayServer.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final RelayTokens tokens;
    private final UsedTokens used;
    private final RelayLimits limits;
    private final Map<String, Waiting> waiting = new HashMap<>();
    private final Map<String, Integer> perUser = new HashMap<>();
    private int sessions;
    private Listener listener;

    public RelayServer(RelayTokens tokens, UsedTokens used, RelayLimits limits) {
        this.tokens = tokens;
        this.used = used;
        this.limits = limits;
    }

    public RelayServer start(String bind, int port) throws IOException {
        return start(bind, port, Listener.Options.defaults());
    }

    /** As {@link #start(String, int)}, with the listener's options (its connection cap). */
    public RelayServer start(String bind, int port, Listener.Options options) throws IOException {
        listener = Listener.start("relay", bind, port, this::serve, options);
        return this;
    }

    public int port() {
        return listener.port();
    }

    public synchronized int activeSessions() {
        return sessions;
    }

    /** The first side of a call, parked until its partner arrives. */
    private static final class Waiting {
        final MessageChannel channel;
        final CompletableFuture<Void> partner = new CompletableFuture<>();
        final CountDownLatch finished = new CountDownLatch(1);
        final CountDownLatch toldToWait = new CountDownLatch(1);

        Waiting(MessageChannel channel) {
            this.channel = channel;
        }
    }

    /** Package-private so that a test can hand it a connection whose writes never complete. */
    void serve(Connection c) throws IOException {
        c.readTimeout(JOIN_TIMEOUT);
        MessageChannel ch = new MessageChannel(c, Frames.MAX_CONTROL);
        RelayToken token;
        try (Deadline deadline = Deadline.closing(c, JOIN_TIMEOUT)) {
            RelayMessage first = ch.receive(ProtocolCodec::relay);
            if (first instanceof RelayMessage.Observe) { // a client learning its NAT's mapping: tell it, and that is all
                InetSocketAddress seen = c.remoteAddress();
                send(ch, new RelayMessage.Observed(seen.getAddress().getHostAddress() + ":" + seen.getPort()));
                return;
            }
            if (!(first instanceof RelayMessage.Join join)) {
                throw new CallProtocolException(first == null ? "connection closed" : "unexpected " + ProtocolCodec.typeName(first));
            }
            token = tokens.verify(join.token());
            if (!used.markUsed(token.nonce(), token.expires())) throw new InvalidTokenException("relay token already used");
        } catch (IOException e) {
            refuse(ch, e instanceof InvalidTokenException ? e.getMessage() : "relay expected JOIN{token}: " + e.getMessage());
            return;
        }
        Waiting mine = null;
        Waiting theirs;
        String refusal = null;
        synchronized (this) { // no writes in here: a side that does not read would stall every join
            theirs = waiting.get(token.callId());
            if (theirs == null && sessions >= limits.maxSessions()) {
                refusal = "relay is full: at most " + limits.maxSessions() + " sessions";
            } else if (perUser.getOrDefault(token.user(), 0) >= limits.maxSessionsPerUser()) {
                refusal = "relay limit reached: at most " + limits.maxSessionsPerUser() + " sessions per user";
            } else {
                perUser.merge(token.user(), 1, Integer::sum);
                if (theirs == null) {
                    sessions++;
                    mine = new Waiting(ch);
                    waiting.put(token.callId(), mine);
                } else {
                    waiting.remove(token.callId());
                }
            }
        }
        if (refusal != null) {
            refuse(ch, refusal);
            return;
        }
        if (mine != null) {
            awaitPartner(ch, token, mine);
        } else {
            try {
                pair(ch, c, theirs);
            } finally {
                release(token.user());
            }
        }
    }

    private synchronized void release(String user) {
        perUser.merge(user, -1, Integer::sum);
        perUser.remove(user, 0);
    }

    private void awaitPartner(MessageChannel ch, RelayToken token, Waiting mine) throws IOException {
        try {
            try {
                send(ch, new RelayMessage.Waiting());
            } finally {
                mine.toldToWait.countDown();
            }
            try {
                mine.partner.get(limits.pairTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                boolean stillAlone;
                synchronized (this) {
                    stillAlone = waiting.remove(token.callId(), mine);
                }
                if (stillAlone) {
                    refuse(ch, "relay: the other side did not join within " + limits.pairTimeout().toSeconds() + " s");
                    return;
                }
                // the partner took us at the last moment: carry on as paired
            } catch (ExecutionException e) {
                return;
            }
            // The partner's thread runs the pump; this one holds our connection open until it ends.
            mine.finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                waiting.remove(token.callId(), mine); // a failed WAITING must not leave the slot to a late partner
                sessions--;
            }
            release(token.user());
        }
    }

    private void pair(MessageChannel ch, Connection c, Waiting theirs) throws IOException {
        Connection other = null;
        try {
            other = theirs.channel.connection();
            theirs.partner.complete(null);
            theirs.toldToWait.await(5, TimeUnit.SECONDS); // PAIRED must follow WAITING on their stream
            RelayMessage.Paired paired = new RelayMessage.Paired(limits.maxBytes(), limits.maxDuration().toSeconds());
            send(theirs.channel, paired);
            send(ch, paired);
            c.readTimeout(Duration.ZERO);
            other.readTimeout(Duration.ZERO);
            long[] moved = new RelayPump(other, c, limits.maxBytes(), limits.maxDuration(), limits.writeTimeout()).run();
            log.debug("relay: call ended, {} and {} bytes", moved[0], moved[1]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (other != null) other.close();
            theirs.finished.countDown();
        }
    }

    /**
     * Every write before the pump has the pump's deadline: a side that does not read could otherwise hold
     * this thread, and with it the session slot, for ever. When it passes the connection is closed, which
     * ends the blocked write with an exception.
     */
    private void send(MessageChannel ch, RelayMessage m) throws IOException {
        try (Deadline deadline = Deadline.closing(ch.connection(), limits.writeTimeout())) {
            ch.send(m);
        }
    }

    private void refuse(MessageChannel ch, String reason) {
        log.debug("relay: refused {}: {}", ch.connection().remoteAddress(), reason);
        try {
            send(ch, new Refusal(reason));
        } catch (IOException ignored) {
            // the refused side already left, or did not read in time
        }
    }

    @Override
    public void close() {
        if (listener != null) listener.close();
    }
}
