package connectivity.torrent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.Bencode;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * What a tracker and its clients read from the network: query strings, announce and scrape requests on
 * the tracker's side, announce and scrape responses on the client's.
 */
class TrackerFuzzTest {
    private static final String URL = "http://127.0.0.1:1/announce";

    /** Parsed or refused with a TrackerRequestException; every accessor keeps to that contract. */
    @FuzzTest
    void queryStringParsesOrRefuses(byte[] input) {
        QueryString q;
        try {
            q = QueryString.parse(input);
        } catch (TrackerRequestException e) {
            return;
        }
        for (String name : new String[] {"info_hash", "peer_id", "port", "left", "numwant", "event", "ip", ""}) {
            assertThat(q.first(name).isPresent()).isEqualTo(!q.all(name).isEmpty());
            assertThat(q.text(name).isPresent()).isEqualTo(q.first(name).isPresent());
            try {
                q.optionalNumber(name);
            } catch (TrackerRequestException e) {
                // a refusal is the contract
            }
        }
    }

    /**
     * Lines of the input are announce (or, starting with 's', scrape) queries to one fresh tracker: every
     * answer is a bencoded dictionary, a failure reason or an answer its own client reads back.
     */
    @FuzzTest
    void trackerAnswersEveryQuery(byte[] input) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Tracker tracker = new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(60)), clock);
        InetAddress remote = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        int start = 0;
        for (int line = 0; line < 8 && start <= input.length; line++) {
            int end = start;
            while (end < input.length && input[end] != '\n') end++;
            byte[] query = Arrays.copyOfRange(input, start, end);
            start = end + 1;
            boolean scrape = query.length > 0 && query[0] == 's';
            byte[] answer = scrape ? tracker.scrape(Arrays.copyOfRange(query, 1, query.length), remote) : tracker.announce(query, remote);
            BDict d = Bencode.decodeDict(answer);
            if (d.containsKey("failure reason")) continue;
            if (scrape) {
                assertThat(TrackerClient.parseScrape(URL, answer)).isNotNull();
            } else {
                AnnounceResponse r = TrackerClient.parseAnnounce(URL, answer);
                assertThat(r.interval()).isEqualTo(Duration.ofSeconds(60));
            }
        }
    }

    /** A tracker's announce response is read or refused with a TrackerException, whatever it holds. */
    @FuzzTest
    void announceResponseParsesOrRefuses(byte[] input) {
        AnnounceResponse r;
        try {
            r = TrackerClient.parseAnnounce(URL, input);
        } catch (TrackerException e) {
            return;
        }
        assertThat(r.interval().isNegative()).isFalse();
        r.peers().forEach(p -> assertThat(p.address().getPort()).isBetween(1, 65535));
    }

    /** The same for scrape responses: counts per 20-byte info-hash, or a TrackerException. */
    @FuzzTest
    void scrapeResponseParsesOrRefuses(byte[] input) {
        try {
            TrackerClient.parseScrape(URL, input).keySet().forEach(h -> assertThat(h.bytes()).hasSize(20));
        } catch (TrackerException e) {
            // refused
        }
    }
}
