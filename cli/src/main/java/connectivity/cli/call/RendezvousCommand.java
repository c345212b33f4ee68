package connectivity.cli.call;

import connectivity.call.relay.RelayTokens;
import connectivity.call.rendezvous.InMemoryNameRegistry;
import connectivity.call.rendezvous.InMemoryPresenceStore;
import connectivity.call.rendezvous.RendezvousServer;
import connectivity.cli.CliFailure;
import connectivity.cli.ServerOptions;
import connectivity.cli.Serving;
import connectivity.cli.VerboseOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rendezvous", mixinStandardHelpOptions = true,
        description = {"Runs the calling rendezvous: logins (Ed25519), presence, reachability probes, call signalling, "
            + "and relay tokens signed with the secret it shares with `conn relay`."})
public final class RendezvousCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions listen = new ServerOptions(7400, "0.0.0.0");

    @Mixin
    SecretOptions secret = new SecretOptions();

    @Option(names = "--ping-interval", paramLabel = "SECONDS", defaultValue = "25",
            description = "Ping interval clients must keep; a client silent for two intervals is logged out (default: ${DEFAULT-VALUE}).")
    double pingSeconds;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    @Override
    public Integer call() throws Exception {
        // Before the first logger exists: slf4j-simple reads its settings once.
        verbose.apply("connectivity.call", "info");
        if (pingSeconds <= 0 || pingSeconds > 25) throw new CliFailure(CliFailure.BAD_INPUT, "--ping-interval must be in (0, 25] seconds");
        RendezvousServer server = new RendezvousServer(
                new RendezvousServer.Config(Duration.ofMillis((long) (pingSeconds * 1000)), Duration.ofSeconds(3),
                        Duration.ofSeconds(10), new RelayTokens(secret.secret())),
                new InMemoryNameRegistry(), new InMemoryPresenceStore());
        try {
            server.start(listen.bind(), listen.port(), listen.listenerOptions());
        } catch (IOException e) {
            throw listen.cannotListen(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("rendezvous listening on " + listen.bind() + ":" + server.port());
        out.flush();
        Serving.untilSignalled("rendezvous", server::close);
        return 0;
    }
}
