package connectivity.cli.torrent;

import connectivity.cli.ByteSizeConverter;
import connectivity.cli.CliFailure;
import connectivity.cli.ListenOptions;
import connectivity.torrent.swarm.SwarmConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options `torrent get` and `torrent seed` share: where to listen, whom to meet, how fast, how to report. */
final class PeerOptions {
    /** Where peers connect to us. */
    @Mixin
    ListenOptions listen = new ListenOptions(6881, "0.0.0.0");

    @Option(names = "--max-peers", paramLabel = "N", description = "Most peers connected at once (default: ${DEFAULT-VALUE}).")
    int maxPeers = 50;

    @Option(names = "--peer", paramLabel = "HOST:PORT", description = "A peer to connect to besides those from the tracker (repeatable).")
    List<String> peers = new ArrayList<>();

    @Option(names = "--upload-limit", paramLabel = "RATE", converter = ByteSizeConverter.class,
            description = "Most bytes per second to upload, e.g. 500K (default: no limit).")
    long uploadLimit;

    @Option(names = "--no-pex", description = "Do not exchange peers with peers (BEP 11 ut_pex): neither offer it nor listen to it.")
    boolean noPex;

    /** The DHT: where our node listens and whom it joins through. */
    @Mixin
    SwarmDhtOptions dht = new SwarmDhtOptions();

    @Option(names = "--json", description = "Print status as one JSON object per line (for scripts) instead of a status line.")
    boolean json;

    /** Checks the values and turns them into a swarm configuration. */
    SwarmConfig config() {
        if (maxPeers < 1) throw new CliFailure(CliFailure.BAD_INPUT, "--max-peers must be at least 1");
        return SwarmConfig.defaults().withBind(listen.bind(), listen.port()).withMaxPeers(maxPeers).withUploadLimit(uploadLimit)
                .toBuilder().pex(!noPex).build();
    }
}
