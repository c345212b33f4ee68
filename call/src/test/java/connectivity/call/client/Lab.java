package connectivity.call.client;

import connectivity.call.crypto.Identity;
import connectivity.call.relay.InMemoryUsedTokens;
import connectivity.call.relay.RelayLimits;
import connectivity.call.relay.RelayServer;
import connectivity.call.relay.RelayTokens;
import connectivity.call.rendezvous.InMemoryNameRegistry;
import connectivity.call.rendezvous.InMemoryPresenceStore;
import connectivity.call.rendezvous.RendezvousServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A rendezvous, a relay and clients on 127.0.0.1 for in-process tests. */
final class Lab implements AutoCloseable {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

    final RendezvousServer rendezvous;
    final RelayServer relay;
    final List<CallClient> clients = new ArrayList<>();

    Lab(RelayLimits limits) throws IOException {
        RelayTokens tokens = new RelayTokens(SECRET);
        rendezvous = new RendezvousServer(
                new RendezvousServer.Config(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5), tokens),
                new InMemoryNameRegistry(), new InMemoryPresenceStore()).start("127.0.0.1", 0);
        relay = new RelayServer(tokens, new InMemoryUsedTokens(Clock.systemUTC()), limits).start("127.0.0.1", 0);
    }

    Lab() throws IOException {
        this(RelayLimits.defaults());
    }

    InetSocketAddress rendezvousAddress() {
        return new InetSocketAddress("127.0.0.1", rendezvous.port());
    }

    InetSocketAddress relayAddress() {
        return new InetSocketAddress("127.0.0.1", relay.port());
    }

    CallClientConfig.Builder options(String name, boolean unreachable, Path saveTo) {
        return CallClientConfig.builder(name, rendezvousAddress())
                .relay(relayAddress())
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .unreachable(unreachable)
                .pingInterval(Duration.ofMillis(500))
                .saveTo(saveTo);
    }

    Recorder client(String name, boolean unreachable, Path saveTo, boolean autoAccept) throws IOException {
        return client(options(name, unreachable, saveTo), autoAccept);
    }

    Recorder client(CallClientConfig.Builder options, boolean autoAccept) throws IOException {
        Recorder r = new Recorder(autoAccept);
        CallClient c = new CallClient(options.build(), Identity.generate(), r).start();
        clients.add(c);
        r.client = c;
        return r;
    }

    @Override
    public void close() {
        clients.forEach(CallClient::close);
        relay.close();
        rendezvous.close();
    }

    /** Collects what a client reports, for tests to wait on. */
    static final class Recorder implements ClientEvents {
        final boolean autoAccept;
        CallClient client;
        final BlockingQueue<Call> connected = new LinkedBlockingQueue<>();
        final BlockingQueue<String> chats = new LinkedBlockingQueue<>();
        final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        final BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        final BlockingQueue<String> failed = new LinkedBlockingQueue<>();
        final BlockingQueue<String> lost = new LinkedBlockingQueue<>();
        final BlockingQueue<String> logins = new LinkedBlockingQueue<>();
        final BlockingQueue<String> moves = new LinkedBlockingQueue<>();
        final BlockingQueue<IncomingCall> rings = new LinkedBlockingQueue<>();
        final BlockingQueue<String> cancelled = new LinkedBlockingQueue<>();
        final BlockingQueue<String> refusedAsBusy = new LinkedBlockingQueue<>();
        final BlockingQueue<String> switched = new LinkedBlockingQueue<>();
        final BlockingQueue<String> progress = new LinkedBlockingQueue<>();

        Recorder(boolean autoAccept) {
            this.autoAccept = autoAccept;
        }

        @Override
        public void loggedIn(String name, String seenAs, boolean reachable) {
            logins.add(seenAs);
        }

        @Override
        public void rendezvousLost(String reason, Duration retryIn) {
            lost.add(reason);
        }

        @Override
        public void rendezvousChosen(String address) {
            moves.add(address);
        }

        @Override
        public void incoming(IncomingCall call) {
            rings.add(call);
            if (autoAccept) {
                try {
                    call.accept();
                } catch (IOException e) {
                    failed.add(e.getMessage());
                }
            }
        }

        @Override
        public void connected(Call call) {
            connected.add(call);
        }

        @Override
        public void switched(Call call, String from, String to, boolean upgrade, Duration sinceStart) {
            switched.add(from + "->" + to);
        }

        @Override
        public void progress(String callId, String text) {
            progress.add(text);
        }

        @Override
        public void chat(Call call, String text) {
            chats.add(text);
        }

        @Override
        public void received(Call call, Delivery delivery) {
            received.add(delivery);
        }

        @Override
        public void ended(Call call, String reason, boolean normal) {
            ended.add(reason);
        }

        @Override
        public void callFailed(String callId, String reason) {
            failed.add(reason);
        }

        @Override
        public void cancelled(String callId, String reason) {
            cancelled.add(reason);
        }

        @Override
        public void refusedAsBusy(String from, String busyWith) {
            refusedAsBusy.add(from + ": " + busyWith);
        }
    }
}
