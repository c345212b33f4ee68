package connectivity.torrent.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.meta.InfoHash;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TrackerClientTest {
    static final InfoHash HASH = new InfoHash(TrackerTest.hash(3));

    static byte[] peerId(int n) {
        return TrackerTest.peerId(n);
    }

    static byte[] ok(byte[] peers) {
        return Bencode.encode(BDict.builder().put("interval", 900).put("peers", peers).build());
    }

    @Test
    void parsesCompactDictionaryAndIpv6PeersAndWarnings() throws Exception {
        byte[] compact = {127, 0, 0, 1, 0x1a, (byte) 0xe1, 10, 0, 0, 2, 0, 80};
        byte[] v6 = new byte[18];
        v6[15] = 1;
        v6[16] = 0x1f;
        v6[17] = (byte) 0x90;
        byte[] body = Bencode.encode(BDict.builder().put("interval", 900).put("min interval", 60).put("complete", 3)
                .put("incomplete", 4).put("peers", compact).put("peers6", v6).put("warning message", "slow down").build());
        AnnounceResponse r = TrackerClient.parseAnnounce("http://t/announce", body);
        assertThat(r.interval()).isEqualTo(Duration.ofSeconds(900));
        assertThat(r.minInterval()).contains(Duration.ofSeconds(60));
        assertThat(r.complete()).hasValue(3);
        assertThat(r.incomplete()).hasValue(4);
        assertThat(r.warning()).contains("slow down");
        assertThat(r.peers()).extracting(TrackerPeer::address).containsExactly(
                new InetSocketAddress("127.0.0.1", 6881), new InetSocketAddress("10.0.0.2", 80), new InetSocketAddress("::1", 8080));

        byte[] dict = Bencode.encode(BDict.builder().put("interval", 5).put("peers", BList.of(
                BDict.builder().put("ip", "192.0.2.7").put("port", 51413).put("peer id", peerId(7)).build(),
                BDict.builder().put("ip", "tracker-said-a-name.example").put("port", 1).build())).build());
        AnnounceResponse d = TrackerClient.parseAnnounce("http://t/announce", dict);
        assertThat(d.peers()).containsExactly(new TrackerPeer(new InetSocketAddress("192.0.2.7", 51413), peerId(7)));
    }

    @Test
    void failureReasonAndGarbageBecomeTrackerExceptions() {
        assertThatThrownBy(() -> TrackerClient.parseAnnounce("http://t/a", Tracker.failure("go away")))
                .isInstanceOf(TrackerException.class).hasMessage("http://t/a refused: go away");
        assertThatThrownBy(() -> TrackerClient.parseAnnounce("http://t/a", "<html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TrackerException.class).hasMessageContaining("malformed response");
        assertThatThrownBy(() -> TrackerClient.parseAnnounce("http://t/a", ok(new byte[7])))
                .isInstanceOf(TrackerException.class).hasMessageContaining("not a multiple of 6");
    }

    @Test
    void triesTiersInOrderAndPromotesTheTrackerThatAnswers() throws Exception {
        List<String> asked = new ArrayList<>();
        AnnounceTransport transport = uri -> {
            String base = uri.toString().substring(0, uri.toString().indexOf('?'));
            asked.add(base);
            if (base.startsWith("http://good")) return ok(new byte[0]);
            if (base.startsWith("http://refuses")) return Tracker.failure("not here");
            throw new ConnectException("Connection refused");
        };
        List<List<String>> tiers = List.of(
                List.of("http://down1/announce", "http://down2/announce"),
                List.of("http://refuses/announce", "http://good1/announce", "http://good2/announce"));
        TrackerClient client = new TrackerClient(tiers, transport, new Random(1));
        AnnounceResponse r = client.announce(AnnounceRequest.of(HASH, peerId(1), 6881, 10, AnnounceEvent.STARTED));
        assertThat(asked.subList(0, 2)).containsExactlyInAnyOrder("http://down1/announce", "http://down2/announce");
        assertThat(r.trackerUrl()).startsWith("http://good");
        assertThat(client.tiers().get(1).get(0)).isEqualTo(r.trackerUrl());

        asked.clear();
        client.announce(AnnounceRequest.of(HASH, peerId(1), 6881, 10, AnnounceEvent.NONE));
        assertThat(asked).hasSize(3).endsWith(r.trackerUrl());
    }

    @Test
    void theQueryGoesBeforeAnyFragmentOfTheUrl() throws Exception {
        List<URI> asked = new ArrayList<>();
        TrackerClient client = new TrackerClient(List.of(List.of("http://t/announce?key=1#frag")), uri -> {
            asked.add(uri);
            return ok(new byte[0]);
        });
        client.announce(AnnounceRequest.of(HASH, peerId(1), 6881, 10, AnnounceEvent.NONE));
        assertThat(asked).singleElement().satisfies(u -> {
            assertThat(u.getRawFragment()).isNull();
            assertThat(u.getRawQuery()).startsWith("key=1&info_hash=");
        });
    }

    @Test
    void saysWhyWhenNoTrackerWorks() {
        TrackerClient client = new TrackerClient(List.of(List.of("wss://t:1/announce"), List.of("http://x/announce")),
                uri -> Tracker.failure("unregistered torrent"));
        assertThatThrownBy(() -> client.announce(AnnounceRequest.of(HASH, peerId(1), 1, 0, AnnounceEvent.NONE)))
                .isInstanceOf(TrackerException.class).hasMessage("http://x/announce refused: unregistered torrent");
        TrackerClient wssOnly = new TrackerClient(List.of(List.of("wss://t:1/announce")), uri -> new byte[0]);
        assertThatThrownBy(() -> wssOnly.announce(AnnounceRequest.of(HASH, peerId(1), 1, 0, AnnounceEvent.NONE)))
                .hasMessageContaining("wss trackers are not supported (only http://, https:// and udp://)");
    }

    @Test
    void scrapeUrlFollowsBep48() {
        assertThat(TrackerClient.scrapeUrl("http://t/announce")).contains("http://t/scrape");
        assertThat(TrackerClient.scrapeUrl("http://t/x/announce.php?k=1")).contains("http://t/x/scrape.php?k=1");
        assertThat(TrackerClient.scrapeUrl("http://t/a")).isEmpty();
        assertThat(TrackerClient.scrapeUrl("http://t/announce/x")).isEmpty();
    }

    /** An https:// tracker: our tracker behind our TLS server, its self-signed certificate trusted by the client. */
    @Test
    void announcesToAnHttpsTracker() throws Exception {
        Tracker tracker = new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(60)), Clock.systemUTC());
        connectivity.http.tls.Certificates.Issued cert = connectivity.http.tls.Certificates.localhost();
        try (TrackerServer server = TrackerServer.start(tracker, "127.0.0.1", 0,
                        connectivity.http.server.HttpServer.builder().tls(connectivity.http.tls.ServerTls.of(cert)));
                HttpAnnounceTransport https = new HttpAnnounceTransport(Duration.ofSeconds(5),
                        connectivity.http.tls.ClientTls.trusting(List.of(cert.leaf())))) {
            assertThat(server.announceUrl()).startsWith("https://127.0.0.1:");
            TrackerClient client = new TrackerClient(List.of(List.of(server.announceUrl())), https);
            client.announce(AnnounceRequest.of(HASH, peerId(1), 7001, 0, AnnounceEvent.STARTED));
            AnnounceResponse second = client.announce(AnnounceRequest.of(HASH, peerId(2), 7002, 100, AnnounceEvent.STARTED));
            assertThat(second.peers()).containsExactly(new TrackerPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 7001)));
        }
    }

    /** Our client against our tracker over our HTTP stack on 127.0.0.1. */
    @Test
    void announcesAndScrapesOurTrackerOverHttp() throws Exception {
        Tracker tracker = new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(60)), Clock.systemUTC());
        try (TrackerServer server = TrackerServer.start(tracker, "127.0.0.1", 0);
                HttpAnnounceTransport http = new HttpAnnounceTransport(Duration.ofSeconds(5))) {
            TrackerClient client = new TrackerClient(List.of(List.of(server.announceUrl())), http);
            AnnounceResponse first = client.announce(AnnounceRequest.of(HASH, peerId(1), 7001, 0, AnnounceEvent.STARTED));
            assertThat(first.peers()).isEmpty();
            assertThat(first.interval()).isEqualTo(Duration.ofSeconds(60));
            AnnounceResponse second = client.announce(AnnounceRequest.of(HASH, peerId(2), 7002, 100, AnnounceEvent.STARTED));
            assertThat(second.peers()).containsExactly(new TrackerPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 7001)));
            assertThat(second.complete()).hasValue(1);
            assertThat(second.incomplete()).hasValue(1);

            Map<InfoHash, SwarmStore.SwarmStats> scrape = client.scrape(List.of(HASH));
            assertThat(scrape).containsEntry(HASH, new SwarmStore.SwarmStats(1, 1, 0));

            // A bad request over HTTP gets 200 and a failure reason.
            byte[] raw = http.get(URI.create(server.announceUrl() + "?info_hash=short"));
            assertThat(Bencode.decodeDict(raw).containsKey("failure reason")).isTrue();

            // So does a broken percent-escape, which no URI class will even send: write it by hand.
            String answer = rawExchange(server.port(),
                    "GET /announce?info_hash=%zz&peer_id=%2 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 200 ").contains("failure reason").contains("percent-escape");
        }
    }

    private static String rawExchange(int port, String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void allowListIsReadFromLines() {
        assertThat(AllowList.parse(List.of("# comment", "", HASH.hex().toUpperCase(), "  " + HASH.hex() + "  "))).isEqualTo(Set.of(HASH));
        assertThatThrownBy(() -> AllowList.parse(List.of(HASH.hex(), "xyz"))).hasMessage("line 2: not a 40-digit hex info-hash");
    }
}
