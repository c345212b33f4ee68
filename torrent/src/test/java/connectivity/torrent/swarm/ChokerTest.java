package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChokerTest {
    private static final List<Choker.Candidate<String>> PEERS = List.of(
            new Choker.Candidate<>("slow", true, 10), new Choker.Candidate<>("fast", true, 1000),
            new Choker.Candidate<>("idle", false, 5000), new Choker.Candidate<>("mid", true, 500),
            new Choker.Candidate<>("ok", true, 300), new Choker.Candidate<>("good", true, 800),
            new Choker.Candidate<>("new", true, 0));

    @Test
    void theFourBestInterestedPeersGetTheSlots() {
        assertThat(Choker.best(PEERS, 4)).containsExactlyInAnyOrder("fast", "good", "mid", "ok");
    }

    @Test
    void theOptimisticUnchokeGoesToSomeInterestedPeerWithoutASlot() {
        Set<String> best = Choker.best(PEERS, 4);
        Set<String> seen = new HashSet<>();
        Random r = new Random(1);
        for (int i = 0; i < 50; i++) seen.add(Choker.optimistic(PEERS, best, r));
        assertThat(seen).containsExactlyInAnyOrder("slow", "new");
        assertThat(Choker.optimistic(PEERS.subList(0, 2), Set.of("slow", "fast"), r)).isNull();
    }
}
