package connectivity.cli.torrent;

import connectivity.cli.CliFailure;
import connectivity.torrent.swarm.SwarmConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options `torrent get` and `torrent seed` share: where to listen, whom to meet, how fast, how to report. */
final class PeerOptions {
    @Option(names = "--port", paramLabel = "N", description = "Port to accept peers on (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port = 6881;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to accept peers on (default: ${DEFAULT-VALUE}).")
    String bind = "0.0.0.0";

    @Option(names = "--max-peers", paramLabel = "N", description = "Most peers connected at once (default: ${DEFAULT-VALUE}).")
    int maxPeers = 50;

    @Option(names = "--peer", paramLabel = "HOST:PORT", description = "A peer to connect to besides those from the tracker (repeatable).")
    List<String> peers = new ArrayList<>();

    @Option(names = "--upload-limit", paramLabel = "RATE", description = "Most bytes per second to upload, e.g. 500K (default: no limit).")
    String uploadLimit;

    @Option(names = "--json", description = "Print status as one JSON object per line (for scripts) instead of a status line.")
    boolean json;

    /** Checks the values and turns them into a swarm configuration. */
    SwarmConfig config() {
        if (maxPeers < 1) throw new CliFailure(CliFailure.BAD_INPUT, "--max-peers must be at least 1");
        if (port < 0 || port > 65535) throw new CliFailure(CliFailure.BAD_INPUT, "--port must be 0..65535");
        return SwarmConfig.defaults().withBind(bind, port).withMaxPeers(maxPeers)
                .withUploadLimit(SwarmRunner.rate(uploadLimit, "--upload-limit"));
    }
}
