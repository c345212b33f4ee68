package connectivity.cli.call;

import connectivity.call.relay.InMemoryUsedTokens;
import connectivity.call.relay.RelayLimits;
import connectivity.call.relay.RelayServer;
import connectivity.call.relay.RelayTokens;
import connectivity.call.relay.RedisUsedTokens;
import connectivity.call.relay.UsedTokens;
import connectivity.call.store.RedisStore;
import connectivity.cli.ByteSizeConverter;
import connectivity.cli.CliFailure;
import connectivity.cli.ServerOptions;
import connectivity.cli.Serving;
import connectivity.cli.VerboseOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "relay", mixinStandardHelpOptions = true,
        description = {"Runs a call relay: pairs the two sides of a call that present one-time tokens from the "
            + "rendezvous (HMAC with the shared secret, 30 s expiry, single use) and pumps their encrypted frames, "
            + "within limits that are reported to both sides when hit."})
public final class RelayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions listen = new ServerOptions(7500, "0.0.0.0");

    @Mixin
    SecretOptions secret = new SecretOptions();

    @Option(names = "--max-bytes", paramLabel = "BYTES", defaultValue = "1G", converter = ByteSizeConverter.class,
            description = "Bytes each way per call, e.g. 500M, 1G (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--max-seconds", paramLabel = "SECONDS", defaultValue = "3600", description = "Longest relayed call in seconds (default: ${DEFAULT-VALUE}).")
    long maxSeconds;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "1000", description = "Concurrent relayed calls in all (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--max-sessions-per-user", paramLabel = "N", defaultValue = "4", description = "Concurrent relayed calls per user (default: ${DEFAULT-VALUE}).")
    int maxPerUser;

    @Option(names = "--pair-timeout", defaultValue = "20", paramLabel = "SECONDS",
            description = "How long the first side of a call waits for the second (default: ${DEFAULT-VALUE}).")
    long pairSeconds;

    @Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Mixin
    VerboseOption verbose = new VerboseOption();

    @Override
    public Integer call() throws Exception {
        // Before the first logger exists: slf4j-simple reads its settings once.
        verbose.apply("connectivity.call", "debug");
        StoreOptions.quietRedisClient();
        if (maxBytes <= 0 || maxSeconds <= 0 || maxSessions <= 0 || maxPerUser <= 0 || pairSeconds <= 0) {
            throw new CliFailure(CliFailure.BAD_INPUT, "relay limits must be positive");
        }
        RedisStore redis = storeOptions.open("conn-relay");
        UsedTokens used = redis == null ? new InMemoryUsedTokens(Clock.systemUTC())
                : new RedisUsedTokens(redis, StoreOptions.PREFIX, Clock.systemUTC());
        RelayServer relay = new RelayServer(new RelayTokens(secret.secret()), used,
                new RelayLimits(maxBytes, Duration.ofSeconds(maxSeconds), maxSessions, maxPerUser, Duration.ofSeconds(pairSeconds)));
        try {
            relay.start(listen.bind(), listen.port(), listen.listenerOptions());
        } catch (IOException e) {
            if (redis != null) redis.close();
            throw listen.cannotListen(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("relay listening on " + listen.bind() + ":" + relay.port()
                + (redis == null ? "" : " (store " + redis.where() + ")"));
        out.flush();
        Serving.untilSignalled("relay", () -> {
            relay.close();
            if (redis != null) redis.close();
        });
        return 0;
    }
}
