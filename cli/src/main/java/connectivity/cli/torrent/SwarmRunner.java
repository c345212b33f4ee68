package connectivity.cli.torrent;

import connectivity.cli.CliFailure;
import connectivity.net.support.HostPort;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.swarm.OpenPeer;
import connectivity.torrent.swarm.PeerSource;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.TrackerPeerSource;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What {@code get} and {@code seed} share: where peers come from, status while running, a clean stop. */
final class SwarmRunner {
    private SwarmRunner() {}

    /**
     * The torrent's trackers. Peers given by hand are not mixed in: the swarm dials them itself, and redials
     * them, whatever the tracker does (see {@link #start}).
     */
    static PeerSource peerSource(Metainfo m, List<String> manualPeers) {
        return peerSource(m, manualPeers, Optional.empty());
    }

    /** As {@link #peerSource(Metainfo, List)}, with the DHT beside the trackers when it is given. */
    static PeerSource peerSource(Metainfo m, List<String> manualPeers, Optional<PeerSource> dht) {
        List<InetSocketAddress> manual = manualPeers(manualPeers);
        if (m.trackers().isEmpty() && manual.isEmpty() && dht.isEmpty()) {
            throw new CliFailure(CliFailure.BAD_INPUT, "the torrent names no tracker; give peers with --peer HOST:PORT");
        }
        List<PeerSource> sources = new ArrayList<>();
        if (!m.trackers().isEmpty()) sources.add(new TrackerPeerSource(m.trackerTiers(), m.infoHash()));
        dht.ifPresent(sources::add);
        return sources.isEmpty() ? PeerSource.fixed(List.of(), Duration.ofMinutes(30)) : PeerSource.allOf(sources);
    }

    /** The {@code --peer} addresses. */
    static List<InetSocketAddress> manualPeers(List<String> manualPeers) {
        List<InetSocketAddress> manual = new ArrayList<>();
        for (String p : manualPeers) {
            try {
                manual.add(HostPort.parse(p).dialable().resolve());
            } catch (IllegalArgumentException e) {
                throw new CliFailure(CliFailure.BAD_INPUT, "--peer wants HOST:PORT, got '" + p + "' (" + e.getMessage() + ")");
            }
        }
        return manual;
    }

    /** Starts the swarm and gives it the {@code --peer} peers, which it dials at once and redials while they are not connected. */
    static Swarm start(Swarm swarm, int port, List<String> manualPeers) {
        return start(swarm, port, manualPeers, List.of());
    }

    /** As above, going on first with connections the metadata phase made (so those peers are not dialled again). */
    static Swarm start(Swarm swarm, int port, List<String> manualPeers, List<OpenPeer> open) {
        try {
            swarm.start();
            open.forEach(swarm::adopt);
            swarm.connect(manualPeers(manualPeers));
            return swarm;
        } catch (BindException e) {
            open.forEach(OpenPeer::close);
            swarm.close();
            throw new CliFailure(CliFailure.FAILED, "cannot listen on port " + port + " (in use?); choose another with --port");
        } catch (IOException e) {
            open.forEach(OpenPeer::close);
            swarm.close();
            throw new CliFailure(CliFailure.FAILED, "cannot listen for peers: " + e.getMessage());
        }
    }

    /**
     * A started swarm as a command runs it: closed on Ctrl-C (which announces "stopped"), its status printed
     * every second, and on {@link Running#close()} the printing stopped, the hook removed and the swarm closed.
     */
    static Running running(Swarm swarm, SwarmStatusLine status) {
        Thread hook = new Thread(() -> {
            status.note("stopped", "stopping");
            swarm.close();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Thread ticker = Thread.ofVirtual().name("status").start(() -> {
            try {
                while (true) {
                    Thread.sleep(1000);
                    status.show(swarm.isComplete() ? "seeding" : "downloading", swarm.status());
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        return new Running(swarm, hook, ticker);
    }

    record Running(Swarm swarm, Thread hook, Thread ticker) implements AutoCloseable {
        @Override
        public void close() {
            ticker.interrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
            swarm.close();
        }
    }
}
