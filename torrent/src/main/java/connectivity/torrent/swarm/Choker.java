package connectivity.torrent.swarm;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * BEP 3's choking, as a pure decision: unchoke the {@code slots} interested peers with the best rate
 * (download rate from them while leeching, upload rate to them while seeding), plus one optimistic
 * unchoke that gives an unknown peer a chance.
 */
final class Choker {
    record Candidate<T>(T peer, boolean interested, double rate) {}

    private Choker() {}

    /** The peers that earned a slot by their rate. */
    static <T> Set<T> best(List<Candidate<T>> peers, int slots) {
        Set<T> chosen = new LinkedHashSet<>();
        peers.stream()
                .filter(Candidate::interested)
                .sorted(Comparator.comparingDouble((Candidate<T> c) -> c.rate()).reversed())
                .limit(slots)
                .forEach(c -> chosen.add(c.peer()));
        return chosen;
    }

    /** A random interested peer outside {@code regular}, or null when there is none. */
    static <T> T optimistic(List<Candidate<T>> peers, Set<T> regular, Random random) {
        List<T> others = peers.stream().filter(c -> c.interested() && !regular.contains(c.peer())).map(Candidate::peer).toList();
        return others.isEmpty() ? null : others.get(random.nextInt(others.size()));
    }
}
