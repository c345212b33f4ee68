package connectivity.torrent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.meta.UrlBytes;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TrackerPropertiesTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    final Tracker tracker = new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(60)),
            new MutableClock(Instant.parse("2025-01-01T00:00:00Z")));

    /** Whatever arrives, the answer is a bencoded dictionary: a failure reason or a real response. */
    @Property(tries = 1000)
    void anyQueryGetsABencodedAnswer(@ForAll byte[] query) throws Exception {
        assertAnswered(query);
    }

    /**
     * Well-formed queries with odd values (numbers of up to 25 digits, signs, letters, empty values) reach
     * the number parsing that random bytes rarely get to; they too get an answer, never an exception.
     */
    @Property(tries = 1000)
    void plausibleQueriesWithOddValuesGetABencodedAnswer(@ForAll("plausibleQueries") String query) throws Exception {
        assertAnswered(query.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void assertAnswered(byte[] query) throws Exception {
        for (byte[] response : List.of(tracker.announce(query, LOOPBACK), tracker.scrape(query, LOOPBACK))) {
            BDict d = Bencode.decodeDict(response);
            assertThat(d.containsKey("failure reason") || d.containsKey("interval") || d.containsKey("files")).isTrue();
        }
    }

    @Provide
    Arbitrary<String> plausibleQueries() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(25),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20).map(s -> "-" + s),
                Arbitraries.strings().withChars("0123456789abcdefxyz.:-+%").ofMaxLength(12),
                Arbitraries.of("0", "1", "65535", "65536", "9223372036854775807", "9223372036854775808",
                        "9999999999999999999", "started", "stopped", "completed", "empty", "127.0.0.1", "::1"));
        Arbitrary<String> param = Combinators.combine(
                Arbitraries.of("port", "left", "uploaded", "downloaded", "numwant", "compact", "event", "ip", "no_peer_id"),
                value).as((k, v) -> "&" + k + "=" + v);
        Arbitrary<String> hash = Arbitraries.bytes().array(byte[].class).ofMinSize(18).ofMaxSize(22).map(UrlBytes::encode);
        Arbitrary<String> params = param.list().ofMaxSize(10).map(l -> String.join("", l));
        return Combinators.combine(hash, params).as((h, p) -> "info_hash=" + h + "&peer_id=-XX0001-abcdefghijkl" + p);
    }
}
