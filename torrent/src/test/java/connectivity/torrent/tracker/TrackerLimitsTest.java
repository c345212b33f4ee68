package connectivity.torrent.tracker;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.meta.UrlBytes;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The default cap on swarms, filled for real. How each store keeps the caps (full swarm, total peers, expired room,
 * racing announces) is in {@link SwarmStoreContract}.
 */
@Timeout(60)
class TrackerLimitsTest {
    static final Duration INTERVAL = Duration.ofSeconds(600);
    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final InMemorySwarmStore store = new InMemorySwarmStore();

    static byte[] hash(int n) {
        return ByteBuffer.allocate(20).putInt(0x7f000000).putInt(n).array();
    }

    static BDict announce(Tracker t, int hash, int port, String extra) throws Exception {
        String q = "info_hash=" + UrlBytes.encode(hash(hash)) + "&peer_id=" + UrlBytes.encode(TrackerTest.peerId(port))
                + "&port=" + port + "&uploaded=0&downloaded=0&left=5" + extra;
        return Bencode.decodeDict(t.announce(q.getBytes(ISO_8859_1), InetAddress.getLoopbackAddress()));
    }

    @Test
    void aFloodOfMadeUpInfoHashesStopsAtTheDefaultCapOfSwarms() throws Exception {
        Tracker t = new Tracker(store, TrackerConfig.withInterval(INTERVAL), clock);
        int cap = 100_000;
        for (int i = 0; i < cap; i++) assertThat(TrackerTest.failure(announce(t, i, 6881, ""))).as("swarm %d", i).isNull();
        BDict refused = announce(t, cap, 6881, "");
        assertThat(TrackerTest.failure(refused)).isEqualTo("tracker is full (100000 swarms)");
        assertThat(TrackerTest.num(refused, "retry in")).as("minutes: the min interval").isEqualTo(5);
        assertThat(store.swarmCount()).isEqualTo(cap);
        assertThat(TrackerTest.failure(announce(t, 17, 6882, ""))).as("a known swarm still takes new peers").isNull();
    }

}
