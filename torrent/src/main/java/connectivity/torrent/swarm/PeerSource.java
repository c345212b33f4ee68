package connectivity.torrent.swarm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Where a swarm learns of peers and reports its progress: a tracker, or a fixed list in tests. */
public interface PeerSource {
    enum Event { NONE, STARTED, COMPLETED, STOPPED }

    /** What an announce reports; {@code peerId} is the swarm's own. */
    record Stats(long uploaded, long downloaded, long left, int port, byte[] peerId) {}

    record Response(Duration interval, List<InetSocketAddress> peers) {
        public Response {
            peers = List.copyOf(peers);
        }
    }

    Response announce(Event event, Stats stats) throws IOException;

    /** Called once the swarm has said "stopped": releases what the source holds (a tracker client's socket). */
    default void close() {}

    /** These sources asked together: peers merged, the soonest interval, a failure only when all of them fail. */
    static PeerSource allOf(List<PeerSource> sources) {
        return sources.size() == 1 ? sources.get(0) : new CombinedPeerSource(sources);
    }

    /** A source that always answers with the same peers (for tests and for peers given by hand). */
    static PeerSource fixed(List<InetSocketAddress> peers, Duration interval) {
        return (event, stats) -> new Response(interval, peers);
    }
}
