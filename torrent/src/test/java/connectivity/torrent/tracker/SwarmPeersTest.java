package connectivity.torrent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link SwarmPeers} (and the {@link PeerSlots} and {@link SlotIndex} under it) against a plain map of endpoint to
 * record: after any run of announces, stops and sweeps it holds the same peers, and every sample keeps the rules.
 */
class SwarmPeersTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One step: peer {@code who} (endpoint {@code who % endpoints}) announces, stops, or time passes and a sweep runs. */
    record Step(int kind, int who, int id, boolean seeder, int key, int seconds) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 59),
                Arbitraries.integers().between(0, 7), Arbitraries.of(true, false), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 40)).as(Step::new);
        return step.list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void holdsWhatAMapWouldAndSamplesKeepTheRules(@ForAll("steps") List<Step> steps, @ForAll boolean started) throws Exception {
        SwarmPeers swarm = new SwarmPeers();
        Map<String, PeerRecord> model = new HashMap<>();
        Instant now = T0;
        for (Step s : steps) {
            PeerRecord p = peer(s.who(), s.id(), s.seeder(), now, s.key());
            switch (s.kind()) {
                case 0 -> {
                    swarm.remove(p);
                    model.remove(endpoint(p));
                }
                case 1 -> {
                    now = now.plusSeconds(s.seconds());
                    Instant cutoff = now.minusSeconds(60);
                    int dropped = swarm.sweep(cutoff);
                    int before = model.size();
                    model.values().removeIf(r -> r.lastSeen().isBefore(cutoff));
                    assertThat(dropped).isEqualTo(before - model.size());
                }
                default -> {
                    int at = swarm.put(p);
                    model.put(endpoint(p), p);
                    checkSample(swarm, model, p, at, started, now.minusSeconds(60), s.who() % 3 == 0 ? 5 : 500);
                }
            }
            assertThat(swarm.size()).isEqualTo(model.size());
            long seeders = model.values().stream().filter(PeerRecord::seeder).count();
            assertThat(swarm.stats().complete()).isEqualTo(seeders);
            assertThat(swarm.stats().incomplete()).isEqualTo(model.size() - seeders);
        }
        for (PeerRecord r : model.values()) assertThat(swarm.find(r)).isNotNegative();
    }

    private static void checkSample(SwarmPeers swarm, Map<String, PeerRecord> model, PeerRecord self, int at, boolean started,
            Instant cutoff, int numwant) {
        for (SwarmStore.Families families : SwarmStore.Families.values()) {
            PeerSample sample = swarm.sample(self, at, started, cutoff, numwant, families);
            Set<String> seen = new HashSet<>();
            ByteArrayOutputStream v4 = new ByteArrayOutputStream(), v6 = new ByteArrayOutputStream();
            for (PeerRecord r : sample.records()) {
                assertThat(seen.add(endpoint(r))).as("no peer twice").isTrue();
                assertThat(model.get(endpoint(r))).as("a peer it holds").isNotNull();
                assertThat(model.get(endpoint(r)).sameId(r)).isTrue();
                assertThat(r.sameId(self)).as("never itself, at any address").isFalse();
                assertThat(families.allows(r.ipv6())).isTrue();
                if (self.seeder() && !started) assertThat(r.seeder()).as("no seeders for a seeder").isFalse();
                byte[] c = new byte[r.compactLength()];
                r.writeCompact(c, 0);
                (r.ipv6() ? v6 : v4).writeBytes(c);
            }
            assertThat(sample.compact(false)).isEqualTo(v4.toByteArray());
            assertThat(sample.compact(true)).isEqualTo(v6.toByteArray());
            long eligible = model.values().stream().filter(r -> !r.sameId(self) && families.allows(r.ipv6())
                    && !(self.seeder() && !started && r.seeder()) && !r.lastSeen().isBefore(cutoff)).count();
            assertThat(sample.size()).isEqualTo((int) Math.min(numwant, eligible));
        }
    }

    @Test
    void aSampleOfAFullSwarmIsARunFromARandomPlaceWrappingAround() throws Exception {
        SwarmPeers swarm = new SwarmPeers();
        for (int i = 0; i < 100; i++) swarm.put(peer(2 * i, 2 * i, false, T0, 0)); // IPv4 leechers only
        PeerRecord self = peer(1, 1, false, T0, 0);
        int at = swarm.put(self);
        Set<String> firsts = new HashSet<>();
        for (int round = 0; round < 200; round++) {
            PeerSample s = swarm.sample(self, at, false, T0, 10, SwarmStore.Families.BOTH);
            assertThat(s.size()).isEqualTo(10);
            firsts.add(endpoint(s.records().get(0)));
        }
        assertThat(firsts).as("starts spread over the swarm").hasSizeGreaterThan(20);
    }

    /** Endpoint {@code who}: IPv4 for even, IPv6 for odd, two peers on one address (port apart) to share hash chains. */
    static PeerRecord peer(int who, int id, boolean seeder, Instant seen, int key) throws UnknownHostException {
        InetAddress a = who % 2 == 0 ? InetAddress.getByAddress(new byte[] {(byte) 198, 18, 0, (byte) (who / 4)})
                : InetAddress.getByName("2001:db8::" + Integer.toHexString(who / 4 + 1));
        byte[] peerId = String.format("-XX0001-%012d", id).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] k = key == 0 ? new byte[0] : new byte[] {1, 2, 3, (byte) key};
        return new PeerRecord(peerId, a, 6881 + who % 4, seeder, seen, k);
    }

    static String endpoint(PeerRecord p) {
        return p.address().getHostAddress() + "/" + p.port();
    }
}
