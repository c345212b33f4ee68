package connectivity.cli.torrent;

import connectivity.cli.CliFailure;
import connectivity.cli.ListenOptions;
import connectivity.cli.dht.DhtOptions;
import connectivity.torrent.dht.DhtConfig;
import connectivity.torrent.dht.DhtNode;
import connectivity.torrent.dht.DhtPeerSource;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.swarm.PeerSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The DHT for {@code torrent get} and {@code torrent seed}: on by default, on UDP at the peer port (or
 * {@code --dht-port}), joined through {@code --dht-bootstrap} nodes and the nodes saved in {@code --dht-state}.
 * No node is built in: without entry points the node only answers those who find it.
 */
final class SwarmDhtOptions {
    /** How long one announce (a get_peers lookup, then announce_peer) may take before its peers are used. */
    static final Duration LOOKUP_DEADLINE = Duration.ofSeconds(10);

    @Option(names = "--no-dht", description = "Do not use the DHT (BEP 5) to find peers or to be found.")
    boolean off;

    @Option(names = "--dht-bootstrap", paramLabel = "HOST:PORT",
            description = "A DHT node to join through (repeatable), e.g. one run with `conn dht`.")
    List<String> bootstrap = new ArrayList<>();

    @Option(names = "--dht-port", paramLabel = "N", description = "UDP port of our DHT node (default: the peer --port; 0 picks a free one).")
    Integer port;

    @Option(names = "--dht-state", paramLabel = "FILE",
            description = "Read the DHT node's ID and routing table from FILE and save them there, so a rerun rejoins at once.")
    Path state;

    @Option(names = "--dht-enforce-node-ids",
            description = "BEP 42: keep nodes whose ID does not fit their IP out of the DHT routing table (local addresses exempt).")
    boolean enforceNodeIds;

    DhtConfig config() {
        return DhtConfig.defaults().withEnforceNodeIds(enforceNodeIds);
    }

    /** Our node, or none with {@code --no-dht}; a UDP port in use falls back to a free one, with a warning. */
    Optional<DhtNode> open(ListenOptions listen, SwarmStatusLine status) {
        if (off) return Optional.empty();
        List<InetSocketAddress> entry = new ArrayList<>();
        for (String b : bootstrap) entry.add(DhtOptions.hostPort("--dht-bootstrap", b));
        int udp = port != null ? port : listen.port();
        try {
            return Optional.of(open(listen.bind(), udp, entry));
        } catch (java.net.BindException e) {
            if (udp == 0) throw new CliFailure(CliFailure.FAILED, "dht: cannot listen on UDP: " + e.getMessage());
            status.note("warning", "warning: dht: UDP port " + udp + " is in use; using a free one");
            try {
                return Optional.of(open(listen.bind(), 0, entry));
            } catch (IOException again) {
                throw new CliFailure(CliFailure.FAILED, "dht: cannot listen on UDP: " + again.getMessage());
            }
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILED, "dht: " + (state == null ? "" : state + ": ") + e.getMessage());
        }
    }

    private DhtNode open(String bind, int udp, List<InetSocketAddress> entry) throws IOException {
        DhtNode node = DhtNode.open(new InetSocketAddress(bind, udp), config(), entry, Optional.ofNullable(state));
        Thread.ofVirtual().name("dht-join").start(() -> node.bootstrap(Duration.ofSeconds(30)));
        return node;
    }

    /**
     * The node, where it can find anyone: given a bootstrap node or a saved table. Without, lookups find nothing,
     * so the DHT does not count as a source of peers (a torrent with no tracker and no peer is refused as before),
     * though the node still answers whoever finds it.
     */
    Optional<DhtNode> searching(Optional<DhtNode> node) {
        boolean entry = !bootstrap.isEmpty() || (state != null && java.nio.file.Files.isRegularFile(state));
        return entry ? node : Optional.empty();
    }

    /** The DHT as a peer source for this torrent, unless it is private (BEP 27: trackers only). */
    static Optional<PeerSource> source(Optional<DhtNode> node, InfoHash hash, boolean isPrivate) {
        if (node.isEmpty() || isPrivate) return Optional.empty();
        return Optional.of(new DhtPeerSource(node.get(), hash, LOOKUP_DEADLINE));
    }

    /**
     * For the metadata phase: get_peers only, ending at the first answer with peers (asked again every 15 s). We
     * announce once the swarm listens, on the port it listens on; before that the port told would be a guess.
     */
    static Optional<PeerSource> lookupOnly(Optional<DhtNode> node, InfoHash hash) {
        return node.map(n -> (event, stats) -> new PeerSource.Response(Duration.ofSeconds(15), n.firstPeers(hash, LOOKUP_DEADLINE)));
    }
}
