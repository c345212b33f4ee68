package connectivity.cli.call;

import connectivity.cli.Serving;
import connectivity.call.relay.InMemoryUsedTokens;
import connectivity.call.relay.RelayLimits;
import connectivity.call.relay.RelayServer;
import connectivity.call.relay.RelayTokens;
import connectivity.cli.CliFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "relay", mixinStandardHelpOptions = true,
        description = {"Runs a call relay: pairs the two sides of a call that present one-time tokens from the "
            + "rendezvous (HMAC with the shared secret, 30 s expiry, single use) and pumps their encrypted frames, "
            + "within limits that are reported to both sides when hit."})
public final class RelayCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7500", description = "TCP port to listen on (default: ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Secret shared with the rendezvous; created (0600) if missing (default: CONFIG-DIR/relay-secret).")
    Path secretFile;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "Where the default secret file lives (default: ~/.config/conn).")
    Path configDir;

    @Option(names = "--max-bytes", paramLabel = "BYTES", defaultValue = "1073741824", description = "Bytes each way per call (default: ${DEFAULT-VALUE}).")
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

    @Option(names = {"-v", "--verbose"}, description = "Log refused joins and each relayed call as it ends (with bytes moved) to stderr (default: warnings only).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        // Before the first logger exists: slf4j-simple reads its settings once.
        if (verbose) System.setProperty("org.slf4j.simpleLogger.log.connectivity.call", "debug");
        if (maxBytes <= 0 || maxSeconds <= 0 || maxSessions <= 0 || maxPerUser <= 0 || pairSeconds <= 0) {
            throw new CliFailure(CliFailure.BAD_INPUT, "relay limits must be positive");
        }
        Path dir = configDir != null ? configDir : Secrets.defaultConfigDir();
        byte[] secret = Secrets.loadOrCreate(secretFile != null ? secretFile : dir.resolve("relay-secret"));
        RelayServer relay = new RelayServer(new RelayTokens(secret), new InMemoryUsedTokens(Clock.systemUTC()),
                new RelayLimits(maxBytes, Duration.ofSeconds(maxSeconds), maxSessions, maxPerUser, Duration.ofSeconds(pairSeconds)));
        try {
            relay.start(bind, port);
        } catch (IOException e) {
            throw Serving.cannotListen(bind, port, e);
        }
        System.out.println("relay listening on " + bind + ":" + relay.port());
        System.out.flush();
        Serving.untilSignalled("relay", relay::close);
        return 0;
    }
}
