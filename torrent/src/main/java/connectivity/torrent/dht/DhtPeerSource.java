package connectivity.torrent.dht;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.swarm.PeerSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The DHT as a swarm's peer source: each announce is a get_peers lookup plus announce_peer of the swarm's port
 * (none when stopping), repeated every 15 to 30 minutes as the swarm calls back. Lookups that find nothing
 * return no peers, not an error.
 */
public final class DhtPeerSource implements PeerSource {
    private final DhtNode node;
    private final InfoHash infoHash;
    private final Duration deadline;

    public DhtPeerSource(DhtNode node, InfoHash infoHash, Duration deadline) {
        this.node = node;
        this.infoHash = infoHash;
        this.deadline = deadline;
    }

    @Override
    public Response announce(Event event, Stats stats) {
        Duration interval = Duration.ofMinutes(15 + ThreadLocalRandom.current().nextInt(16));
        // The DHT has no events: "stopped" and "completed" change nothing there (our announce stands until it
        // expires), and a get --no-seed stopping just after it completed would otherwise wait for one more lookup.
        if (event == Event.STOPPED || event == Event.COMPLETED) return new Response(interval, List.of());
        LookupResult r = stats.port() > 0 ? node.announce(infoHash, stats.port(), deadline) : node.lookup(infoHash, deadline);
        return new Response(interval, r.peers());
    }
}
