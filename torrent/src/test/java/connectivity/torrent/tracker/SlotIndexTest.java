package connectivity.torrent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link SlotIndex} against a HashMap: grown, shrunk and with entries removed from the middle of probe runs. */
class SlotIndexTest {
    /** An operation: a positive number puts endpoint n with reference n, a negative one removes endpoint -n. */
    @Provide
    Arbitrary<List<Integer>> operations() {
        return Arbitraries.integers().between(-300, 300).filter(n -> n != 0).list().ofMaxSize(2000);
    }

    @Property(tries = 200)
    void behavesAsAMap(@ForAll("operations") List<Integer> ops) throws Exception {
        SlotIndex index = new SlotIndex();
        Map<Integer, Integer> model = new HashMap<>();
        for (int op : ops) {
            int n = Math.abs(op);
            PeerRecord p = peer(n);
            if (op > 0) {
                index.put(p, n);
                model.put(n, n);
            } else {
                assertThat(index.remove(p)).isEqualTo(model.containsKey(n) ? n : -1);
                model.remove(n);
            }
            assertThat(index.size()).isEqualTo(model.size());
        }
        for (int n = 1; n <= 300; n++) assertThat(index.get(peer(n))).isEqualTo(model.getOrDefault(n, -1));
    }

    /** Endpoints n: a few addresses with many ports each (keys that differ in few bits), a tenth of them IPv6. */
    private static PeerRecord peer(int n) throws Exception {
        InetAddress a = n % 10 == 0 ? InetAddress.getByName("2001:db8::" + (n % 7 + 1)) : InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) (n % 5)});
        return new PeerRecord(new byte[20], a, 1000 + n, false, Instant.EPOCH);
    }
}
