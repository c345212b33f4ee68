package connectivity.cli.torrent;

import connectivity.cli.CliFailure;
import connectivity.cli.CommandOutput;
import connectivity.torrent.dht.DhtNode;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conn torrent seed FILE.torrent DIR}: verify complete data, then share it until interrupted. */
@Command(
        name = "seed",
        mixinStandardHelpOptions = true,
        description = "Verify that DIR holds all of a torrent's data, then share it with the swarm until interrupted.")
public final class TorrentSeed implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.torrent", description = "The .torrent file.")
    Path torrent;

    @Parameters(index = "1", paramLabel = "DIR", description = "The folder holding the data (the torrent's file, or its folder for a multi-file torrent).")
    Path dir;

    @Mixin
    PeerOptions net = new PeerOptions();

    @Override
    public Integer call() throws Exception {
        Metainfo m = TorrentInfo.load(torrent);
        SwarmConfig config = net.config();
        PrintStream out = CommandOutput.of(spec);
        SwarmStatusLine status = new SwarmStatusLine(out, net.json);
        Optional<DhtNode> dht = net.dht.open(net.listen, status);
        try {
            return seed(m, config, status, net.dht.searching(dht));
        } finally {
            dht.ifPresent(DhtNode::close);
        }
    }

    private int seed(Metainfo m, SwarmConfig config, SwarmStatusLine status, Optional<DhtNode> dht) throws InterruptedException {
        Swarm swarm;
        try {
            swarm = Swarm.forSeeding(InfoLayout.of(m.info()), m.infoHash().bytes(), dir, config,
                    SwarmRunner.peerSource(m, net.peers, SwarmDhtOptions.source(dht, m.infoHash(), m.info().isPrivate())),
                    TorrentGet.events(status));
        } catch (NoSuchFileException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot seed: " + e.getFile() + " is missing");
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot seed: " + (e.getMessage() == null ? e : e.getMessage()));
        }
        SwarmRunner.start(swarm, net.listen.port(), net.peers);
        status.note("seeding", "verified " + m.info().name() + "; seeding on port " + swarm.port() + ", press Ctrl-C to stop");
        try (SwarmRunner.Running running = SwarmRunner.running(swarm, status)) {
            swarm.awaitFailure();
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "seeding failed: " + (e.getMessage() == null ? e : e.getMessage()));
        }
        return 0;
    }
}
