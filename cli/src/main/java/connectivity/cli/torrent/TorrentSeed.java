package connectivity.cli.torrent;

import connectivity.cli.CliFailure;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code conn torrent seed FILE.torrent DIR}: verify complete data, then share it until interrupted. */
@Command(
        name = "seed",
        mixinStandardHelpOptions = true,
        description = "Verify that DIR holds all of a torrent's data, then share it with the swarm until interrupted.")
public final class TorrentSeed implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.torrent", description = "The .torrent file.")
    Path torrent;

    @Parameters(index = "1", paramLabel = "DIR", description = "The folder holding the data (the torrent's file, or its folder for a multi-file torrent).")
    Path dir;

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

    @Override
    public Integer call() throws Exception {
        if (maxPeers < 1) throw new CliFailure(CliFailure.BAD_INPUT, "--max-peers must be at least 1");
        if (port < 0 || port > 65535) throw new CliFailure(CliFailure.BAD_INPUT, "--port must be 0..65535");
        Metainfo m = TorrentInfo.load(torrent);
        SwarmConfig config = SwarmConfig.defaults().withBind(bind, port).withMaxPeers(maxPeers)
                .withUploadLimit(SwarmRunner.rate(uploadLimit, "--upload-limit"));
        PrintStream out = System.out;
        StatusLine status = new StatusLine(out, json);
        Swarm swarm;
        try {
            swarm = Swarm.forSeeding(InfoLayout.of(m.info()), m.infoHash().bytes(), dir, config,
                    SwarmRunner.peerSource(m, peers), TorrentGet.events(status), i -> {});
        } catch (NoSuchFileException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot seed: " + e.getFile() + " is missing");
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot seed: " + (e.getMessage() == null ? e : e.getMessage()));
        }
        SwarmRunner.start(swarm, port, peers);
        status.note("seeding", "verified " + m.info().name() + "; seeding on port " + swarm.port() + ", press Ctrl-C to stop");
        Thread hook = SwarmRunner.closeOnExit(swarm, status);
        Thread ticker = SwarmRunner.statusTicker(swarm, status, out);
        try {
            swarm.awaitFailure();
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "seeding failed: " + (e.getMessage() == null ? e : e.getMessage()));
        } finally {
            ticker.interrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
            swarm.close();
        }
        return 0;
    }
}
