package connectivity.torrent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.Bencode;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class TrackerPropertiesTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    final Tracker tracker = new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(60)),
            new MutableClock(Instant.parse("2025-01-01T00:00:00Z")));

    /** Whatever arrives, the answer is a bencoded dictionary: a failure reason or a real response. */
    @Property(tries = 1000)
    void anyQueryGetsABencodedAnswer(@ForAll byte[] query) throws Exception {
        for (byte[] response : List.of(tracker.announce(query, LOOPBACK), tracker.scrape(query, LOOPBACK))) {
            BDict d = Bencode.decodeDict(response);
            assertThat(d.containsKey("failure reason") || d.containsKey("interval") || d.containsKey("files")).isTrue();
        }
    }
}
