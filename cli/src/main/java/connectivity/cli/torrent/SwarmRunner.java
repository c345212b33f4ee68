package connectivity.cli.torrent;

import connectivity.net.support.ByteSizes;
import connectivity.cli.CliFailure;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.swarm.PeerSource;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.TrackerPeerSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What {@code get} and {@code seed} share: where peers come from, status while running, a clean stop. */
final class SwarmRunner {
    private SwarmRunner() {}

    /** The torrent's trackers, plus peers given by hand with {@code --peer}. */
    static PeerSource peerSource(Metainfo m, List<String> manualPeers) {
        List<InetSocketAddress> manual = manualPeers(manualPeers);
        if (m.trackers().isEmpty() && manual.isEmpty()) {
            throw new CliFailure(CliFailure.BAD_INPUT, "the torrent names no tracker; give peers with --peer HOST:PORT");
        }
        PeerSource tracker = m.trackers().isEmpty() ? null : new TrackerPeerSource(m.trackerTiers(), m.infoHash());
        return (event, stats) -> {
            List<InetSocketAddress> peers = new ArrayList<>(manual);
            Duration interval = Duration.ofMinutes(30);
            if (tracker != null) {
                PeerSource.Response r = tracker.announce(event, stats);
                peers.addAll(r.peers());
                interval = r.interval();
            }
            return new PeerSource.Response(interval, peers);
        };
    }

    /** The {@code --peer} addresses. */
    static List<InetSocketAddress> manualPeers(List<String> manualPeers) {
        List<InetSocketAddress> manual = new ArrayList<>();
        for (String p : manualPeers) {
            int colon = p.lastIndexOf(':');
            try {
                if (colon <= 0) throw new IllegalArgumentException();
                manual.add(new InetSocketAddress(p.substring(0, colon), Integer.parseInt(p.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                throw new CliFailure(CliFailure.BAD_INPUT, "--peer wants HOST:PORT, got '" + p + "'");
            }
        }
        return manual;
    }

    /** Starts the swarm and dials the {@code --peer} peers at once (not only after a tracker answer, which may fail). */
    static Swarm start(Swarm swarm, int port, List<String> manualPeers) {
        try {
            swarm.start();
            swarm.connect(manualPeers(manualPeers));
            return swarm;
        } catch (BindException e) {
            swarm.close();
            throw new CliFailure(CliFailure.FAILED, "cannot listen on port " + port + " (in use?); choose another with --port");
        } catch (IOException e) {
            swarm.close();
            throw new CliFailure(CliFailure.FAILED, "cannot listen for peers: " + e.getMessage());
        }
    }

    /** Closes the swarm on Ctrl-C (which announces "stopped"); returns the hook to remove when done normally. */
    static Thread closeOnExit(Swarm swarm, SwarmStatusLine status) {
        Thread hook = new Thread(() -> {
            status.note("stopped", "stopping");
            swarm.close();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Prints status every second until {@code done} says stop. */
    static Thread statusTicker(Swarm swarm, SwarmStatusLine status, PrintStream out) {
        return Thread.ofVirtual().name("status").start(() -> {
            try {
                while (true) {
                    Thread.sleep(1000);
                    status.show(swarm.isComplete() ? "seeding" : "downloading", swarm.status());
                }
            } catch (InterruptedException e) {
                // done
            }
        });
    }

    static long rate(String text, String option) {
        if (text == null) return 0;
        try {
            return ByteSizes.parse(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CliFailure(CliFailure.BAD_INPUT, option + ": " + e.getMessage());
        }
    }
}
