package connectivity.torrent.swarm;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Peers given by hand ({@code --peer}, or {@link Swarm#connect}): whatever the tracker says or fails to say, each
 * is dialled at once and, while it is not connected, again after {@code first}, then twice as long each time up to
 * {@code max}; once it has been connected the wait starts over. Thread-safe.
 */
final class HandGivenPeers {
    private static final class Schedule {
        long nextNanos;
        long delayNanos;
    }

    private final long firstNanos, maxNanos;
    private final Map<InetSocketAddress, Schedule> peers = new LinkedHashMap<>();

    HandGivenPeers(Duration first, Duration max) {
        this.firstNanos = first.toNanos();
        this.maxNanos = Math.max(firstNanos, max.toNanos());
    }

    /** Adds peers; returns those that are new, to dial now. */
    synchronized List<InetSocketAddress> add(List<InetSocketAddress> given, long now) {
        List<InetSocketAddress> fresh = new ArrayList<>();
        for (InetSocketAddress a : given) {
            if (peers.containsKey(a)) continue;
            Schedule s = new Schedule();
            dialled(s, now, firstNanos);
            peers.put(a, s);
            fresh.add(a);
        }
        return fresh;
    }

    /** The peers to dial now: those not {@code connected} whose wait is over. */
    synchronized List<InetSocketAddress> due(long now, Predicate<InetSocketAddress> connected) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Map.Entry<InetSocketAddress, Schedule> e : peers.entrySet()) {
            Schedule s = e.getValue();
            if (connected.test(e.getKey())) {
                dialled(s, now, firstNanos); // should it go, it is dialled again soon, and the backoff starts over
            } else if (now - s.nextNanos >= 0) {
                dialled(s, now, s.delayNanos);
                out.add(e.getKey());
            }
        }
        return out;
    }

    private void dialled(Schedule s, long now, long wait) {
        s.nextNanos = now + wait;
        s.delayNanos = Math.min(maxNanos, wait * 2);
    }
}
