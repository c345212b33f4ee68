package connectivity.cli.demo;

import connectivity.call.client.Call;
import connectivity.call.client.CallClient;
import connectivity.call.client.CallClientConfig;
import connectivity.call.client.ClientEvents;
import connectivity.call.client.Delivery;
import connectivity.call.client.IncomingCall;
import connectivity.call.crypto.Identity;
import connectivity.call.relay.InMemoryUsedTokens;
import connectivity.call.relay.RelayLimits;
import connectivity.call.relay.RelayServer;
import connectivity.call.relay.RelayTokens;
import connectivity.call.rendezvous.InMemoryNameRegistry;
import connectivity.call.rendezvous.InMemoryPresenceStore;
import connectivity.call.rendezvous.RendezvousServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Places one call over each path on 127.0.0.1: both reachable (direct), callee marked unreachable
 * (reverse), both marked unreachable (relay). Each carries a chat line and a 1 MiB file.
 */
public final class CallDemo {
    private CallDemo() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(System.out) ? 0 : 1);
    }

    /** Runs the demo, printing a few lines; true if every call delivered everything intact. */
    public static boolean run(PrintStream out) throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        RelayTokens tokens = new RelayTokens(secret);
        Path work = Files.createTempDirectory("conn-call-demo");
        try (RendezvousServer rendezvous = new RendezvousServer(RendezvousServer.Config.defaults(tokens),
                        new InMemoryNameRegistry(), new InMemoryPresenceStore()).start("127.0.0.1", 0);
                RelayServer relay = new RelayServer(tokens, new InMemoryUsedTokens(Clock.systemUTC()), RelayLimits.defaults())
                        .start("127.0.0.1", 0)) {
            InetSocketAddress rv = new InetSocketAddress("127.0.0.1", rendezvous.port());
            InetSocketAddress rl = new InetSocketAddress("127.0.0.1", relay.port());
            out.println("call: rendezvous on " + rv.getPort() + ", relay on " + rl.getPort() + " (127.0.0.1)");
            byte[] data = new byte[1 << 20];
            new Random(1).nextBytes(data);
            Path file = Files.write(work.resolve("photo.bin"), data);
            boolean ok = demoCall(out, rv, rl, work, file, "alice", false, "bob", false);
            ok &= demoCall(out, rv, rl, work, file, "carol", false, "dave", true);
            ok &= demoCall(out, rv, rl, work, file, "erin", true, "frank", true);
            return ok;
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean demoCall(PrintStream out, InetSocketAddress rv, InetSocketAddress rl, Path work, Path file,
            String caller, boolean callerUnreachable, String callee, boolean calleeUnreachable) throws Exception {
        Path inbox = Files.createDirectories(work.resolve(callee));
        ClientEvents autoAnswer = new ClientEvents() {
            @Override
            public void incoming(IncomingCall call) {
                try {
                    call.accept();
                } catch (IOException e) {
                    out.println("  " + callee + " could not accept: " + e.getMessage());
                }
            }
        };
        try (CallClient b = new CallClient(options(callee, rv, rl, calleeUnreachable, inbox).build(), Identity.generate(), autoAnswer).start();
                CallClient a = new CallClient(options(caller, rv, rl, callerUnreachable, work).build(), Identity.generate(),
                        new ClientEvents() {}).start()) {
            Call call = a.dial(callee);
            Delivery chat = call.chat("hello " + callee).get(10, TimeUnit.SECONDS);
            Delivery sent = call.sendFile(file).get(30, TimeUnit.SECONDS);
            call.hangup();
            boolean same = Files.mismatch(file, inbox.resolve(file.getFileName())) == -1;
            out.printf("call: %s%s -> %s%s: %s in %d ms, chat %s, 1 MiB file %s%n", caller,
                    callerUnreachable ? " (unreachable)" : "", callee, calleeUnreachable ? " (unreachable)" : "",
                    call.path(), call.setupTime().toMillis(), chat.ok() ? "ok" : "FAILED",
                    sent.ok() && same ? "intact (sha256 ok)" : "FAILED");
            return chat.ok() && sent.ok() && same;
        }
    }

    private static CallClientConfig.Builder options(String name, InetSocketAddress rv, InetSocketAddress rl, boolean unreachable,
            Path saveTo) {
        return CallClientConfig.builder(name, rv).relay(rl).listen(new InetSocketAddress("127.0.0.1", 0))
                .unreachable(unreachable).saveTo(saveTo).pingInterval(Duration.ofSeconds(25))
                .upgrade(false); // one call over each path, as the demo says: no move to direct mid-call
    }
}
