package connectivity.torrent.swarm;

import connectivity.net.support.Interrupted;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several peer sources asked as one (the trackers and the DHT): each announce goes to all of them at once, on
 * virtual threads, so a slow DHT lookup delays nobody's peers by more than its own deadline; the peers are merged,
 * and the next announce comes at the soonest interval any of them asked for. One failing is not the whole failing:
 * an exception comes out only when every source failed (the first one's).
 */
final class CombinedPeerSource implements PeerSource {
    private final List<PeerSource> sources;

    CombinedPeerSource(List<PeerSource> sources) {
        if (sources.isEmpty()) throw new IllegalArgumentException("no peer source");
        this.sources = List.copyOf(sources);
    }

    @Override
    public Response announce(Event event, Stats stats) throws IOException {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> answers = new ArrayList<>();
            for (PeerSource s : sources) answers.add(pool.submit(() -> s.announce(event, stats)));
            Set<InetSocketAddress> peers = new LinkedHashSet<>();
            Duration interval = null;
            IOException first = null;
            for (Future<Response> f : answers) {
                try {
                    Response r = f.get();
                    peers.addAll(r.peers());
                    if (interval == null || r.interval().compareTo(interval) < 0) interval = r.interval();
                } catch (ExecutionException e) {
                    if (first == null) first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
            if (interval == null) throw first;
            return new Response(interval, new ArrayList<>(peers));
        } catch (InterruptedException e) {
            throw Interrupted.io(e);
        }
    }

    @Override
    public void close() {
        for (PeerSource s : sources) s.close();
    }
}
