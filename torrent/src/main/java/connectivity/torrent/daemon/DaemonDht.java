package connectivity.torrent.daemon;

import connectivity.torrent.dht.DhtConfig;
import connectivity.torrent.dht.DhtNode;
import connectivity.torrent.dht.DhtPeerSource;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.swarm.PeerSource;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's one DHT node (BEP 5), on UDP at the peer port, shared by every torrent that is not private (BEP 27:
 * trackers only). Its ID and routing table are kept in {@code dht.state} in the config folder, so a restart rejoins
 * at once; it joins through {@code --dht-bootstrap} nodes, and has none built in. {@code dht-enabled} turns it on
 * and off while torrents run: their DHT source asks whichever node there is at each announce, none when off.
 */
final class DaemonDht implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DaemonDht.class);
    static final String STATE_FILE = "dht.state";
    /** How long one announce (get_peers, then announce_peer) may take; as {@code conn torrent get}'s. */
    static final Duration LOOKUP_DEADLINE = Duration.ofSeconds(10);
    /** A metadata phase asks the DHT again this often while it has no peer. */
    static final Duration METADATA_RETRY = Duration.ofSeconds(15);

    private final String bind;
    private final int port;
    private final List<InetSocketAddress> bootstrap;
    private final Path stateFile;
    private volatile DhtNode node;

    DaemonDht(String bind, int port, List<InetSocketAddress> bootstrap, Path configDir) {
        this.bind = bind;
        this.port = port;
        this.bootstrap = List.copyOf(bootstrap);
        this.stateFile = configDir.resolve(STATE_FILE);
    }

    /** Turns the node on or off (opening it on the peer port, or a free one when that UDP port is taken). */
    synchronized void enabled(boolean on) {
        if (on == (node != null)) return;
        if (!on) {
            DhtNode n = node;
            node = null;
            n.close();
            return;
        }
        try {
            node = open(port);
        } catch (BindException e) {
            log.warn("dht: UDP port {} is in use; using a free one", port);
            try {
                node = open(0);
            } catch (IOException again) {
                log.warn("dht: cannot listen on UDP: {}", again.getMessage());
            }
        } catch (IOException e) {
            log.warn("dht: {}: {}", stateFile, e.getMessage());
        }
    }

    private DhtNode open(int udp) throws IOException {
        DhtNode n = DhtNode.open(new InetSocketAddress(bind, udp), DhtConfig.defaults(), bootstrap, Optional.of(stateFile));
        Thread.ofVirtual().name("dht-join").start(() -> n.bootstrap(Duration.ofSeconds(30)));
        return n;
    }

    Optional<DhtNode> node() {
        return Optional.ofNullable(node);
    }

    /** The DHT as a swarm's peer source (none for a private torrent): each announce uses the node of that moment. */
    Optional<PeerSource> source(InfoHash hash, boolean isPrivate) {
        if (isPrivate) return Optional.empty();
        return Optional.of((event, stats) -> {
            DhtNode n = node;
            if (n == null) return new PeerSource.Response(Duration.ofMinutes(1), List.of()); // off: ask again in a minute
            return new DhtPeerSource(n, hash, LOOKUP_DEADLINE).announce(event, stats);
        });
    }

    /**
     * For a magnet's metadata phase: get_peers only, ending at the first answer with peers; the swarm announces once
     * it listens (as {@code conn torrent get} does).
     */
    PeerSource lookupOnly(InfoHash hash) {
        return (event, stats) -> {
            DhtNode n = node;
            return new PeerSource.Response(METADATA_RETRY, n == null ? List.of() : n.firstPeers(hash, LOOKUP_DEADLINE));
        };
    }

    /** Saves the routing table (the node saves on close too). */
    void save() {
        DhtNode n = node;
        if (n != null) n.save();
    }

    @Override
    public synchronized void close() {
        enabled(false);
    }
}
