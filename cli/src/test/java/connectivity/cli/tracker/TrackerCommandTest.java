package connectivity.cli.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.client.HttpClient;
import connectivity.net.testing.RedisProcess;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.HttpResponse;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BInt;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.tracker.AnnounceEvent;
import connectivity.torrent.tracker.AnnounceRequest;
import connectivity.torrent.tracker.AnnounceResponse;
import connectivity.torrent.tracker.TrackerLimits;
import connectivity.torrent.tracker.udp.UdpTimings;
import connectivity.torrent.tracker.udp.UdpTrackerClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/** {@code conn tracker} as a user runs it: its own process, an allow-list, answers over HTTP, SIGTERM. */
@Timeout(60)
class TrackerCommandTest {
    static final String ALLOWED = "4141414141414141414141414141414141414141"; // twenty 'A's
    static final String PEER = "&peer_id=-CT0001-000000000001&port=6881&uploaded=0&downloaded=0&left=0";

    @TempDir
    Path tmp;

    @Test
    void servesOnlyAllowedHashesWithFailuresAsHttp200AndStopsOnSigterm() throws Exception {
        Path allow = Files.writeString(tmp.resolve("allow.txt"), "# the one swarm\n" + ALLOWED + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "connectivity.cli.Conn",
                "tracker", "--port", "0", "--allow", allow.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try (HttpClient http = HttpClient.builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // The first line naming the URL (log lines, if any, go to the same stream).
            String first = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("tracker announce URL")) return line;
                    }
                    return "(ended without a URL)";
                } catch (java.io.IOException e) {
                    return "read failed: " + e;
                }
            }).get(30, TimeUnit.SECONDS);
            assertThat(first).startsWith("tracker announce URL: http://127.0.0.1:").endsWith("(1 info-hashes allowed)");
            String url = first.split(" ")[3];

            BDict ok = get(http, url + "?info_hash=AAAAAAAAAAAAAAAAAAAA" + PEER);
            assertThat(ok.containsKey("interval")).as(ok.toString()).isTrue();
            for (String bad : List.of("?info_hash=AAAAAAAAAAAAAAAAAAAB" + PEER, "?info_hash=AAAA" + PEER, "")) {
                BDict refused = get(http, url + bad);
                assertThat(refused.containsKey("failure reason")).as(bad).isTrue();
            }
            BDict scrape = get(http, url.replace("/announce", "/scrape") + "?info_hash=AAAAAAAAAAAAAAAAAAAA");
            BDict files = (BDict) scrape.get("files").orElseThrow();
            BDict swarm = (BDict) files.get("AAAAAAAAAAAAAAAAAAAA").orElseThrow();
            assertThat(swarm.get("complete")).contains(new BInt(1));

            // The same tracker over UDP, on the same port number: it sees the peer that announced over HTTP.
            String udpLine = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return "read failed: " + e;
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(udpLine).isEqualTo("tracker UDP announce URL: " + url.replace("http://", "udp://"));
            try (UdpTrackerClient udp = new UdpTrackerClient(new UdpTimings(Duration.ofMillis(500), 2, Duration.ofMinutes(1)),
                    Clock.systemUTC(), new Random())) {
                InfoHash allowed = InfoHash.fromHex(ALLOWED);
                AnnounceResponse r = udp.announce(udpLine.split(" ")[4], AnnounceRequest.of(allowed,
                        "-CT0001-000000000002".getBytes(StandardCharsets.ISO_8859_1), 6882, 10, AnnounceEvent.STARTED));
                assertThat(r.peers()).extracting(p2 -> p2.address().getPort()).containsExactly(6881);
                assertThat(udp.scrape(udpLine.split(" ")[4], List.of(allowed)).get(allowed).incomplete()).isEqualTo(1);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> udp.announce(udpLine.split(" ")[4], AnnounceRequest.of(
                                InfoHash.fromHex("4141414141414141414141414141414141414142"), "-CT0001-000000000003".getBytes(StandardCharsets.ISO_8859_1),
                                6883, 10, AnnounceEvent.STARTED)))
                        .hasMessageContaining("refused: info_hash is not on this tracker's allow-list");
            }

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void limitsComeFromTheOptionsWithDefaultsAndBadValuesAreExit2() {
        TrackerCommand defaults = new TrackerCommand();
        new picocli.CommandLine(defaults).parseArgs();
        assertThat(defaults.config().limits()).isEqualTo(TrackerLimits.DEFAULTS);

        TrackerCommand set = new TrackerCommand();
        new picocli.CommandLine(set).parseArgs("--max-swarms", "5", "--max-peers-per-swarm", "6", "--max-peers", "7");
        assertThat(set.config().limits()).isEqualTo(new TrackerLimits(5, 6, 7));

        assertThat(connectivity.cli.Conn.run("tracker", "--port", "0", "--max-swarms", "0")).isEqualTo(2);
        assertThat(connectivity.cli.Conn.run("tracker", "--port", "0", "--max-peers", "-1")).isEqualTo(2);
    }

    @Test
    void twoTrackersWithOneRedisStoreServeOneSwarm() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            try (RedisClient admin = RedisClient.create("127.0.0.1", redis.port())) {
                admin.configSet("requirepass", "s3cret-pass");
            }
            Path password = Files.writeString(tmp.resolve("redis.pass"), "s3cret-pass\n");
            Path wrong = Files.writeString(tmp.resolve("wrong.pass"), "guess\n");
            assertThat(connectivity.cli.Conn.run("tracker", "--port", "0", "--store", redis.uri(), "--store-password-file", wrong.toString()))
                    .as("a wrong password is one line at startup").isEqualTo(1);

            Process east = trackerProcess("--store", redis.uri() + "/0", "--store-password-file", password.toString());
            Process west = trackerProcess("--store", redis.uri(), "--store-password-file", password.toString());
            try (HttpClient http = HttpClient.builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build()) {
                String eastUrl = announceUrl(east);
                String westUrl = announceUrl(west);
                assertThat(get(http, eastUrl + "?info_hash=AAAAAAAAAAAAAAAAAAAA" + PEER).containsKey("interval")).isTrue();
                BDict seen = get(http, westUrl + "?info_hash=AAAAAAAAAAAAAAAAAAAA"
                        + "&peer_id=-CT0001-000000000002&port=6882&uploaded=0&downloaded=0&left=5");
                assertThat(seen.get("complete")).as("the seeder that announced to the other instance").contains(new BInt(1));
                assertThat(((connectivity.torrent.bencode.BBytes) seen.get("peers").orElseThrow()).bytes()).hasSize(6);
            } finally {
                for (Process p : List.of(east, west)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void twoTrackersOnOneRedisClusterServeOneSwarm() throws Exception {
        try (connectivity.net.testing.RedisClusterProcess cluster = connectivity.net.testing.RedisClusterProcess.start()) {
            List<Integer> ports = cluster.ports();
            // Each instance is given a different node to start from; both find the whole cluster.
            Process east = trackerProcess("--store", "redis-cluster://127.0.0.1:" + ports.get(0));
            Process west = trackerProcess("--store", "redis-cluster://127.0.0.1:" + ports.get(1) + ",127.0.0.1:" + ports.get(2));
            try (HttpClient http = HttpClient.builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build()) {
                String eastUrl = announceUrl(east);
                String westUrl = announceUrl(west);
                for (String hash : List.of("AAAAAAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBBBBBB", "CCCCCCCCCCCCCCCCCCCC")) {
                    assertThat(get(http, eastUrl + "?info_hash=" + hash + PEER).containsKey("interval")).isTrue();
                    BDict seen = get(http, westUrl + "?info_hash=" + hash
                            + "&peer_id=-CT0001-000000000002&port=6882&uploaded=0&downloaded=0&left=5");
                    assertThat(seen.get("complete")).as("the seeder that announced to the other instance").contains(new BInt(1));
                }
            } finally {
                for (Process p : List.of(east, west)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(connectivity.cli.Conn.run("tracker", "--port", "0", "--store", "redis-cluster://127.0.0.1:6379/2")).isEqualTo(2);
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(connectivity.cli.Conn.run("tracker", "--port", "0", "--store", "redis-cluster://127.0.0.1:" + closed)).isEqualTo(1);
    }

    @Test
    void aBadStoreIsExit2AndAnUnreachableOneExit1() throws Exception {
        assertThat(connectivity.cli.Conn.run("tracker", "--port", "0", "--store", "http://127.0.0.1:6379")).isEqualTo(2);
        assertThat(connectivity.cli.Conn.run("tracker", "--port", "0", "--store", "redis://127.0.0.1:6379/x")).isEqualTo(2);
        assertThat(connectivity.cli.Conn.run("tracker", "--port", "0", "--store-password-file", "/nonexistent")).isEqualTo(2);
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(connectivity.cli.Conn.run("tracker", "--port", "0", "--store", "redis://127.0.0.1:" + closed)).isEqualTo(1);
    }

    private static Process trackerProcess(String... options) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "connectivity.cli.Conn",
                "tracker", "--port", "0"));
        cmd.addAll(List.of(options));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private static String announceUrl(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("tracker announce URL")) return line;
                }
                return "(ended without a URL)";
            } catch (java.io.IOException e) {
                return "read failed: " + e;
            }
        }).get(30, TimeUnit.SECONDS);
        assertThat(first).startsWith("tracker announce URL: http://127.0.0.1:");
        return first.split(" ")[3];
    }

    private static BDict get(HttpClient http, String url) throws Exception {
        HttpResponse r = http.send(HttpRequest.get(URI.create(url)));
        assertThat(r.status()).as(url).isEqualTo(200);
        return Bencode.decodeDict(r.body());
    }
}
