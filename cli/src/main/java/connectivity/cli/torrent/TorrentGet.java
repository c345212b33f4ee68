package connectivity.cli.torrent;

import connectivity.cli.ByteSizeConverter;
import connectivity.cli.CliFailure;
import connectivity.cli.CommandOutput;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.storage.DownloadRecord;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.storage.UnsafeTargetException;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import connectivity.torrent.swarm.SwarmEvents;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conn torrent get FILE.torrent}: download from the swarm, then keep seeding. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {"Download what a .torrent describes from its swarm, then seed it until interrupted.",
            "Data already in the output folder is verified first and only missing pieces are fetched, "
                    + "so an interrupted download resumes where it stopped.",
            "A file already there that the download did not make is changed only if it holds this torrent's data; "
                    + "otherwise, and for a symbolic link anywhere below the folder, nothing is touched and the exit code is 2."})
public final class TorrentGet implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.torrent", description = "The .torrent file.")
    Path torrent;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Folder to download into (default: the current folder).")
    Path output = Path.of(".");

    @Option(names = "--no-seed", description = "Exit once the download is complete instead of seeding.")
    boolean noSeed;

    @Mixin
    PeerOptions net = new PeerOptions();
    @Option(names = "--download-limit", paramLabel = "RATE", converter = ByteSizeConverter.class,
            description = "Most bytes per second to download, e.g. 2M (default: no limit).")
    long downloadLimit;


    @Override
    public Integer call() throws Exception {
        Metainfo m = TorrentInfo.load(torrent);
        SwarmConfig config = net.config().withDownloadLimit(downloadLimit);
        PrintStream out = CommandOutput.of(spec);
        SwarmStatusLine status = new SwarmStatusLine(out, net.json);
        InfoLayout layout = InfoLayout.of(m.info());
        Swarm swarm;
        try {
            swarm = Swarm.forDownload(layout, m.infoHash().bytes(), output, config,
                    SwarmRunner.peerSource(m, net.peers), events(status));
        } catch (UnsafeTargetException e) {
            // As aria2c does: a file that is not ours stays as it is, and the user decides.
            throw new CliFailure(CliFailure.BAD_INPUT, e.getMessage() + " (move it away or choose another --output)");
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "cannot prepare " + output + ": " + (e.getMessage() == null ? e : e.getMessage()));
        }
        status.show("verified", swarm.status());
        SwarmRunner.start(swarm, net.listen.port(), net.peers);
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
