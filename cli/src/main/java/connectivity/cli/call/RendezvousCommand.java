package connectivity.cli.call;

import connectivity.call.relay.RelayTokens;
import connectivity.call.rendezvous.InMemoryNameRegistry;
import connectivity.call.rendezvous.InMemoryPresenceStore;
import connectivity.call.rendezvous.RedisNameRegistry;
import connectivity.call.rendezvous.RedisPresenceStore;
import connectivity.call.rendezvous.RedisSignalBus;
import connectivity.call.rendezvous.RendezvousServer;
import connectivity.call.rendezvous.SignalBus;
import connectivity.call.store.RedisStore;
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
    StoreOptions storeOptions = new StoreOptions();

    @Mixin
    VerboseOption verbose = new VerboseOption();

    @Override
    public Integer call() throws Exception {
        // Before the first logger exists: slf4j-simple reads its settings once.
        verbose.apply("connectivity.call", "info");
        StoreOptions.quietRedisClient();
        if (pingSeconds <= 0 || pingSeconds > 25) throw new CliFailure(CliFailure.BAD_INPUT, "--ping-interval must be in (0, 25] seconds");
        Duration ping = Duration.ofMillis((long) (pingSeconds * 1000));
        RedisStore redis = storeOptions.open("conn-rendezvous");
        // A presence entry outlives its last ping by what the server itself waits before logging a client out.
        Duration presenceTtl = ping.multipliedBy(2).plusSeconds(5);
        RendezvousServer server = new RendezvousServer(
                new RendezvousServer.Config(ping, Duration.ofSeconds(3), Duration.ofSeconds(10), new RelayTokens(secret.secret())),
                redis == null ? new InMemoryNameRegistry() : new RedisNameRegistry(redis, StoreOptions.PREFIX),
                redis == null ? new InMemoryPresenceStore() : new RedisPresenceStore(redis, StoreOptions.PREFIX, presenceTtl),
                redis == null ? SignalBus.alone() : new RedisSignalBus(redis, StoreOptions.PREFIX));
        try {
            server.start(listen.bind(), listen.port(), listen.listenerOptions());
        } catch (IOException e) {
            server.close(); // its signal bus may be subscribed already
            if (redis != null) redis.close();
            throw listen.cannotListen(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("rendezvous listening on " + listen.bind() + ":" + server.port()
                + (redis == null ? "" : " (store " + redis.where() + ")"));
        out.flush();
        Serving.untilSignalled("rendezvous", () -> {
            server.close();
            if (redis != null) redis.close();
        });
        return 0;
    }
}
