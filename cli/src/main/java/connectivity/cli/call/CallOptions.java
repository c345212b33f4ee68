package connectivity.cli.call;

import connectivity.call.client.CallClient;
import connectivity.call.client.CallClientConfig;
import connectivity.call.crypto.Identity;
import connectivity.call.wire.CallProtocolException;
import connectivity.cli.CliFailure;
import connectivity.cli.ConfigDirOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every calling client takes. */
public final class CallOptions {
    @Option(names = "--as", paramLabel = "NAME", description = "Your user name (bound to your key on first login).")
    String name;

    @Option(names = "--rendezvous", paramLabel = "HOST:PORT", split = ",",
            description = "The rendezvous to log in to; repeat it (or give a comma list) for several instances sharing one "
                + "store: the first that answers is used, and when it goes away the client moves to the next.")
    List<String> rendezvous;

    @Option(names = "--relay", paramLabel = "HOST:PORT", description = "A relay to fall back on when neither side can reach the other.")
    String relay;

    @Mixin
    ConfigDirOption config = new ConfigDirOption();

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "0.0.0.0:0",
            description = "Your own listening socket for direct and reverse connections (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--unreachable", description = "Tell the rendezvous you cannot be reached (forces reverse or relay; for demos and tests).")
    boolean unreachable;

    @Option(names = "--save-to", paramLabel = "DIR", defaultValue = ".", description = "Where received files and voice go (default: current directory).")
    Path saveTo;

    @Option(names = "--ping-interval", paramLabel = "SECONDS", defaultValue = "25",
            description = "Keep-alive interval to the rendezvous, at most 25 (default: ${DEFAULT-VALUE}).")
    double pingSeconds;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Limit for each connection attempt and handshake (default: ${DEFAULT-VALUE}).")
    double connectSeconds;

    @Option(names = "--answer-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long a caller waits for an answer; after accepting, a callee waits twice as long for the connection (default: ${DEFAULT-VALUE}).")
    double answerSeconds;

    @Option(names = "--call-ping-interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "Keep-alive inside a call: both sides ping at the shorter of their two intervals, and a peer "
                + "silent for two intervals ends the call, at least 0.1 (default: ${DEFAULT-VALUE}).")
    double callPingSeconds;

    @Option(names = "--no-upgrade", description = "Keep a call on the path it starts on: no hole punching to move a "
            + "relayed call onto a direct path.")
    boolean noUpgrade;

    CallClient start(Printer printer) {
        if (name == null) throw new CliFailure(CliFailure.BAD_INPUT, "missing --as NAME");
        if (rendezvous == null || rendezvous.isEmpty()) throw new CliFailure(CliFailure.BAD_INPUT, "missing --rendezvous HOST:PORT");
        if (pingSeconds <= 0 || pingSeconds > 25) throw new CliFailure(CliFailure.BAD_INPUT, "--ping-interval must be in (0, 25] seconds");
        if (!(callPingSeconds >= 0.1)) throw new CliFailure(CliFailure.BAD_INPUT, "--call-ping-interval must be at least 0.1 seconds");
        List<InetSocketAddress> instances = rendezvous.stream().map(r -> address("--rendezvous", r)).toList();
        CallClientConfig options = CallClientConfig.builder(name, instances.get(0))
                .otherRendezvous(instances.subList(1, instances.size()))
                .relay(relay == null ? null : address("--relay", relay)).listen(address("--listen", listen))
                .unreachable(unreachable).pingInterval(seconds(pingSeconds)).connectTimeout(seconds(connectSeconds))
                .answerTimeout(seconds(answerSeconds)).saveTo(saveTo).callPingInterval(seconds(callPingSeconds))
                .oneCallAtATime(true).upgrade(!noUpgrade).build();
        Identity identity;
        Path dir = config.dir();
        try {
            identity = Identity.loadOrCreate(dir);
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "identity key in " + dir + ": " + e.getMessage());
        }
        try {
            CallClient client = new CallClient(options, identity, printer).start();
            // Ctrl-C or SIGTERM: hang up or cancel the ringing politely (close() runs once, so a later close is a no-op).
            Runtime.getRuntime().addShutdownHook(new Thread(client::close, "call-client-exit"));
            return client;
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, e.getMessage());
        }
    }

    private static Duration seconds(double s) {
        if (s <= 0) throw new CliFailure(CliFailure.BAD_INPUT, "durations must be positive");
        return Duration.ofMillis((long) (s * 1000));
    }

    private static InetSocketAddress address(String option, String hostPort) {
        try {
            return CallClient.parse(hostPort);
        } catch (CallProtocolException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, option + ": expected HOST:PORT, got " + hostPort);
        }
    }
}
