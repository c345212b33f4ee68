package connectivity.cli.call;

import connectivity.cli.Serving;
import connectivity.call.relay.RelayTokens;
import connectivity.call.rendezvous.InMemoryNameRegistry;
import connectivity.call.rendezvous.InMemoryPresenceStore;
import connectivity.call.rendezvous.RendezvousServer;
import connectivity.cli.CliFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rendezvous", mixinStandardHelpOptions = true,
        description = {"Runs the calling rendezvous: logins (Ed25519), presence, reachability probes, call signalling, "
            + "and relay tokens signed with the secret it shares with `conn relay`."})
public final class RendezvousCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7400", description = "TCP port to listen on (default: ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Secret shared with the relay for signing relay tokens; created (0600) if missing (default: CONFIG-DIR/relay-secret).")
    Path secretFile;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "Where the default secret file lives (default: ~/.config/conn).")
    Path configDir;

    @Option(names = "--ping-interval", paramLabel = "SECONDS", defaultValue = "25",
            description = "Ping interval clients must keep; a client silent for two intervals is logged out (default: ${DEFAULT-VALUE}).")
    double pingSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Log logins and logouts to stderr (default: warnings only).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        // Before the first logger exists: slf4j-simple reads its settings once.
        if (verbose) System.setProperty("org.slf4j.simpleLogger.log.connectivity.call", "info");
        if (pingSeconds <= 0 || pingSeconds > 25) throw new CliFailure(CliFailure.BAD_INPUT, "--ping-interval must be in (0, 25] seconds");
        Path dir = configDir != null ? configDir : Secrets.defaultConfigDir();
        byte[] secret = Secrets.loadOrCreate(secretFile != null ? secretFile : dir.resolve("relay-secret"));
        RendezvousServer server = new RendezvousServer(
                new RendezvousServer.Config(Duration.ofMillis((long) (pingSeconds * 1000)), Duration.ofSeconds(3),
                        Duration.ofSeconds(10), new RelayTokens(secret)),
                new InMemoryNameRegistry(), new InMemoryPresenceStore());
        try {
            server.start(bind, port);
        } catch (IOException e) {
            throw Serving.cannotListen(bind, port, e);
        }
        System.out.println("rendezvous listening on " + bind + ":" + server.port());
        System.out.flush();
        Serving.untilSignalled("rendezvous", server::close);
        return 0;
    }
}
