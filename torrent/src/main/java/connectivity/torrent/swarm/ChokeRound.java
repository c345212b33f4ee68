package connectivity.torrent.swarm;

import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Who may download from us, on top of the pure {@link Choker}: every round (BEP 3: 10 s) the best few by rate keep
 * their slot and one more, the optimistic unchoke, rotates among the rest; a peer that becomes interested while a
 * slot is free gets it at once. Called under the swarm's lock.
 */
final class ChokeRound {
    private final SwarmState st;
    private final BooleanSupplier seeding;
    private PeerSession optimistic;
    private long optimisticSinceNanos;

    ChokeRound(SwarmState st, BooleanSupplier seeding) {
        this.st = st;
        this.seeding = seeding;
    }

    /** One round: rates decide; under the lock. */
    void run(long now) {
        boolean bySeeding = seeding.getAsBoolean();
        List<Choker.Candidate<PeerSession>> candidates = st.sessions().stream()
                .map(s -> new Choker.Candidate<>(s, s.state().peerInterested(), bySeeding ? s.state().up.rate() : s.state().down.rate()))
                .toList();
        Set<PeerSession> best = Choker.best(candidates, st.config.uploadSlots());
        if (optimistic == null || !optimistic.state().peerInterested() || best.contains(optimistic)
                || now - optimisticSinceNanos >= st.config.optimisticInterval().toNanos()) {
            optimistic = Choker.optimistic(candidates, best, st.random);
            optimisticSinceNanos = now;
        }
        for (PeerSession s : st.sessions()) {
            boolean unchoked = best.contains(s) || s == optimistic;
            if (unchoked && s.state().amChoking()) s.uploads().unchoke();
            else if (!unchoked && !s.state().amChoking()) s.uploads().choke();
        }
    }

    /** Under the lock: free slots are given at once rather than at the next round, so a new swarm starts quickly. */
    void interested(PeerSession s) {
        long unchoked = st.sessions().stream().filter(o -> !o.state().amChoking()).count();
        if (s.state().amChoking() && unchoked < st.config.uploadSlots() + 1) s.uploads().unchoke();
    }

    /** Under the lock: the peer left. */
    void forget(PeerSession s) {
        if (optimistic == s) optimistic = null;
    }

    /** Under the lock: the peers we let download from us. */
    List<String> unchoked() {
        return st.sessions().stream().filter(s -> !s.state().amChoking()).map(PeerSession::name).toList();
    }
}
