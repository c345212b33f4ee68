package connectivity.cli.torrent;

import connectivity.cli.ByteSizeConverter;
import connectivity.cli.CliFailure;
import connectivity.cli.CommandOutput;
import connectivity.torrent.magnet.MagnetLink;
import connectivity.torrent.magnet.MetadataFetch;
import connectivity.torrent.dht.DhtNode;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.peer.PeerId;
import connectivity.torrent.storage.DownloadRecord;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.storage.UnsafeTargetException;
import connectivity.torrent.swarm.OpenPeer;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import connectivity.torrent.swarm.SwarmEvents;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conn torrent get FILE.torrent|MAGNET}: download from the swarm, then keep seeding. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {"Download what a .torrent or a magnet link describes from its swarm, then seed it until interrupted.",
            "For a magnet link the torrent's info is first fetched from peers (the link's x.pe and trackers, and --peer), "
                    + "checked against the info-hash and saved beside the download as NAME.torrent; a rerun uses that file.",
            "Data already in the output folder is verified first and only missing pieces are fetched, "
                    + "so an interrupted download resumes where it stopped.",
            "A file already there that the download did not make is changed only if it holds this torrent's data; "
                    + "otherwise, and for a symbolic link anywhere below the folder, nothing is touched and the exit code is 2."})
public final class TorrentGet implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.torrent|MAGNET", description = "The .torrent file, or a magnet link (quote it in a shell).")
    String source;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Folder to download into (default: the current folder).")
    Path output = Path.of(".");

    @Option(names = "--no-seed", description = "Exit once the download is complete instead of seeding.")
    boolean noSeed;

    @Mixin
    PeerOptions net = new PeerOptions();
    @Option(names = "--download-limit", paramLabel = "RATE", converter = ByteSizeConverter.class,
            description = "Most bytes per second to download, e.g. 2M (default: no limit).")
    long downloadLimit;

    @Option(names = "--max-metadata-size", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Largest torrent info a magnet link may fetch from peers, e.g. 8M (default: 8M).")
    long maxMetadataSize = MetadataFetch.Settings.DEFAULT_MAX_SIZE;

    @Option(names = "--metadata-timeout", paramLabel = "SECONDS",
            description = "Give up on a magnet link whose info no peer sent within this long (default: ${DEFAULT-VALUE}).")
    double metadataTimeout = 120;

    @Override
    public Integer call() throws Exception {
        // The swarm's first logger costs about 45 ms of CPU (SLF4J finds its provider, reads its settings), all of it
        // on the way to the first block: made now, beside the DHT and the metadata phase, which mostly wait.
        Thread.ofVirtual().name("logger-warm-up").start(org.slf4j.LoggerFactory::getILoggerFactory);
        SwarmConfig config = net.config().withDownloadLimit(downloadLimit);
        PrintStream out = CommandOutput.of(spec);
        SwarmStatusLine status = new SwarmStatusLine(out, net.json);
        List<String> peers = new ArrayList<>(net.peers);
        Optional<DhtNode> dht = net.dht.open(net.listen, status);
        try {
            return run(config, status, peers, net.dht.searching(dht));
        } finally {
            dht.ifPresent(DhtNode::close);
        }
    }

    private int run(SwarmConfig config, SwarmStatusLine status, List<String> peers, Optional<DhtNode> dht) throws Exception {
        Metainfo m;
        byte[] peerId = PeerId.random();
        List<OpenPeer> open = List.of(); // the metadata phase's connections, handed on to the download
        MagnetSource.Saving saving = MagnetSource.Saving.NONE;
        if (MagnetSource.isMagnet(source)) {
            MagnetLink link = MagnetSource.parse(source);
            if (maxMetadataSize < 1) throw new CliFailure(CliFailure.BAD_INPUT, "--max-metadata-size must be positive");
            if (!(metadataTimeout > 0)) throw new CliFailure(CliFailure.BAD_INPUT, "--metadata-timeout must be positive");
            MetadataFetch.Settings settings = MetadataFetch.Settings.defaults().withMaxSize(maxMetadataSize)
                    .withTimeout(Duration.ofMillis(Math.round(Math.min(metadataTimeout, 86_400) * 1000)))
                    .withPort(net.listen.port() == 0 ? 6881 : net.listen.port());
            MagnetSource.Resolved resolved = MagnetSource.resolve(link, output, net.peers, dht, settings, peerId, status);
            m = resolved.metainfo();
            open = resolved.peers();
            saving = resolved.saving();
            peers.addAll(MagnetSource.hints(link));
        } else {
            m = TorrentInfo.load(Path.of(source));
        }
        InfoLayout layout = InfoLayout.of(m.info());
        Swarm swarm;
        try {
            swarm = Swarm.forDownload(layout, m.infoHash().bytes(), output, config,
                    SwarmRunner.peerSource(m, peers, SwarmDhtOptions.source(dht, m.infoHash(), m.info().isPrivate())), events(status), peerId);
        } catch (UnsafeTargetException e) {
            open.forEach(OpenPeer::close);
            // As aria2c does: a file that is not ours stays as it is, and the user decides.
            throw new CliFailure(CliFailure.BAD_INPUT, e.getMessage() + " (move it away or choose another --output)");
        } catch (IOException e) {
            open.forEach(OpenPeer::close);
            throw new CliFailure(CliFailure.FAILED, "cannot prepare " + output + ": " + (e.getMessage() == null ? e : e.getMessage()));
        } finally {
            saving.report(status); // written while the files were opened; said before "verified", as before
        }
        status.show("verified", swarm.status());
        SwarmRunner.start(swarm, net.listen.port(), peers, open);
        try (SwarmRunner.Running running = SwarmRunner.running(swarm, status)) {
            while (!swarm.awaitComplete(Duration.ofSeconds(1))) {
                // the ticker prints progress; we only wait
            }
            status.show("complete", swarm.status());
            forgetRecord(layout, status);
            status.note("complete", m.info().name() + ": download complete and verified");
            if (!noSeed) {
                status.note("seeding", "seeding; press Ctrl-C to stop");
                swarm.awaitFailure();
            }
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "download failed: " + (e.getMessage() == null ? e : e.getMessage()));
        }
        return 0;
    }

    /** Complete data verifies on its own at the next run, so the record of what the download made can go. */
    private void forgetRecord(InfoLayout layout, SwarmStatusLine status) {
        try {
            DownloadRecord.remove(output, layout);
        } catch (IOException e) {
            status.note("warning", "cannot remove " + DownloadRecord.path(output, layout) + ": " + e.getMessage());
        }
    }

    static SwarmEvents events(SwarmStatusLine status) {
        return new SwarmEvents() {
            @Override
            public void peerBanned(String peer) {
                status.note("banned", "banned " + peer + " for sending corrupt data");
            }

            @Override
            public void trackerFailed(String message) {
                status.note("tracker", "warning: tracker: " + message + " (retrying; peers given with --peer are dialled anyway)");
            }
        };
    }
}
