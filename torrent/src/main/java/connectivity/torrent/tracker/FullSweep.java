package connectivity.torrent.tracker;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What a full store does before it refuses a peer or swarm: room may be held by the expired, so it sweeps all
 * swarms ({@link SwarmStore#purge}) and tries once more, at most once per second of movement of the cutoff, so a
 * flood of refused announces costs one sweep a second, not one each. Shared by the stores; thread-safe.
 */
public final class FullSweep {
    private static final Duration EVERY = Duration.ofSeconds(1);

    private final AtomicReference<Instant> last = new AtomicReference<>(Instant.MIN);

    /**
     * Runs {@code attempt}, and again after a sweep of {@code store} if it hit a tracker-wide limit and a sweep is
     * due and made room. Call it with no swarm's lock held: the sweep takes each in turn.
     */
    public SwarmStore.AnnounceOutcome announce(Supplier<SwarmStore.AnnounceOutcome> attempt, Instant expiredBefore, SwarmStore store,
            IntSupplier swarmCount) {
        SwarmStore.AnnounceOutcome outcome = attempt.get();
        if (outcome.full().filter(f -> f != TrackerLimits.Full.PEERS_IN_SWARM).isPresent() && sweepIfDue(expiredBefore, store, swarmCount)) {
            outcome = attempt.get();
        }
        return outcome;
    }

    private boolean sweepIfDue(Instant expiredBefore, SwarmStore store, IntSupplier swarmCount) {
        Instant before = last.get();
        if (!before.equals(Instant.MIN) && Duration.between(before, expiredBefore).compareTo(EVERY) < 0) return false;
        if (!last.compareAndSet(before, expiredBefore)) return false; // another thread sweeps
        int swarmsBefore = swarmCount.getAsInt();
        return store.purge(expiredBefore) > 0 || swarmCount.getAsInt() < swarmsBefore;
    }
}
