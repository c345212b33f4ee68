package connectivity.torrent.daemon;

import connectivity.torrent.magnet.MetadataFetch;
import connectivity.torrent.swarm.SwarmConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a daemon runs.
 *
 * @param downloadDir where torrents go unless added with another folder
 * @param configDir its state ({@code state.json}) and the .torrent files ({@code torrents/})
 * @param peerBind where the shared peer port listens
 * @param peerPort the one port for every torrent's peers (0: any free one)
 * @param maxPeerConnections connections the peer port holds at once
 * @param swarm the base of every torrent's swarm configuration (limits are set per torrent on top)
 * @param heartbeat how often the state is saved while a torrent downloads
 * @param resumeSlack how far past the last heartbeat a file being written may have changed and still be trusted
 * @param watchDir a folder whose new .torrent files are added (and renamed to .torrent.added)
 * @param dhtBootstrap DHT nodes to join through (none built in; the saved table in {@code dht.state} also rejoins)
 */
public record DaemonConfig(Path downloadDir, Path configDir, String peerBind, int peerPort, int maxPeerConnections, SwarmConfig swarm,
        Duration heartbeat, Duration resumeSlack, MetadataFetch.Settings metadata, Optional<Path> watchDir,
        List<InetSocketAddress> dhtBootstrap) {
    public DaemonConfig {
        dhtBootstrap = List.copyOf(dhtBootstrap);
    }

    public static DaemonConfig of(Path downloadDir, Path configDir) {
        return new DaemonConfig(downloadDir, configDir, "0.0.0.0", 51413, 500, SwarmConfig.defaults(), Duration.ofSeconds(1),
                Duration.ofSeconds(5), MetadataFetch.Settings.defaults(), Optional.empty(), List.of());
    }

    public DaemonConfig withPeerPort(String bind, int port) {
        return new DaemonConfig(downloadDir, configDir, bind, port, maxPeerConnections, swarm, heartbeat, resumeSlack, metadata, watchDir, dhtBootstrap);
    }

    public DaemonConfig withSwarm(SwarmConfig s) {
        return new DaemonConfig(downloadDir, configDir, peerBind, peerPort, maxPeerConnections, s, heartbeat, resumeSlack, metadata, watchDir, dhtBootstrap);
    }

    public DaemonConfig withWatchDir(Path dir) {
        return new DaemonConfig(downloadDir, configDir, peerBind, peerPort, maxPeerConnections, swarm, heartbeat, resumeSlack, metadata,
                Optional.ofNullable(dir), dhtBootstrap);
    }

    public DaemonConfig withDhtBootstrap(List<InetSocketAddress> nodes) {
        return new DaemonConfig(downloadDir, configDir, peerBind, peerPort, maxPeerConnections, swarm, heartbeat, resumeSlack, metadata,
                watchDir, nodes);
    }
}
