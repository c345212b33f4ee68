package connectivity.torrent.daemon.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.daemon.Daemon;
import connectivity.torrent.daemon.DaemonConfig;
import connectivity.torrent.daemon.DaemonServer;
import connectivity.torrent.daemon.Json;
import connectivity.torrent.daemon.TestTorrents;
import connectivity.torrent.swarm.SwarmConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our own tests of the RPC: the handshake and the gate over HTTP, then the methods' fields, results and errors. */
@Timeout(60)
class RpcTest {
    @TempDir
    Path tmp;
    private Daemon daemon;
    private DaemonServer server;
    private TransmissionRpc rpc;

    @BeforeEach
    void start() throws Exception {
        daemon = Daemon.start(DaemonConfig.of(tmp.resolve("downloads"), tmp.resolve("config")).withPeerPort("127.0.0.1", 0)
                .withSwarm(SwarmConfig.builder().bind("127.0.0.1", 0).pex(false).build()));
        server = DaemonServer.start(daemon, DaemonServer.Options.loopback(0));
        rpc = new TransmissionRpc(daemon, new TorrentAdder(false));
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (daemon != null) daemon.close();
    }

    private RawHttp.Reply post(String host, Map<String, String> headers, String body) throws Exception {
        return RawHttp.send(server.port(), "POST", "/transmission/rpc", host, headers, body);
    }

    @Test
    void withoutTheSessionIdTheAnswerIs409WithIt() throws Exception {
        RawHttp.Reply r = post("127.0.0.1", Map.of(), "{\"method\":\"session-get\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.header(RpcGate.SESSION_HEADER)).isEqualTo(server.sessionId());
        RawHttp.Reply ok = post("127.0.0.1", Map.of(RpcGate.SESSION_HEADER, server.sessionId()), "{\"method\":\"session-get\",\"tag\":7}");
        assertThat(ok.status()).isEqualTo(200);
        Map<String, Object> body = Json.parseObject(ok.body());
        assertThat(body).containsEntry("result", "success").containsEntry("tag", 7L);
        assertThat(((Map<?, ?>) body.get("arguments")).get("peer-port")).isEqualTo((long) daemon.peerPort());
        assertThat(post("127.0.0.1", Map.of(RpcGate.SESSION_HEADER, "guess"), "{}").status()).isEqualTo(409);
    }

    @Test
    void aForeignHostNameIsRefusedAgainstDnsRebinding() throws Exception {
        Map<String, String> id = Map.of(RpcGate.SESSION_HEADER, server.sessionId());
        assertThat(post("evil.example:" + server.port(), id, "{\"method\":\"session-get\"}").status()).isEqualTo(421);
        assertThat(RawHttp.send(server.port(), "GET", "/", "evil.example", Map.of(), "").status()).isEqualTo(421);
        assertThat(post("localhost:" + server.port(), id, "{\"method\":\"session-get\"}").status()).isEqualTo(200);
        assertThat(post("[::1]:" + server.port(), id, "{\"method\":\"session-get\"}").status()).isEqualTo(200);
    }

    @Test
    void brokenJsonIs400AndAnUnknownMethodHasTransmissionsResult() throws Exception {
        Map<String, String> id = Map.of(RpcGate.SESSION_HEADER, server.sessionId());
        assertThat(post("127.0.0.1", id, "{\"method\":").status()).isEqualTo(400);
        assertThat(post("127.0.0.1", id, "[".repeat(10_000)).status()).isEqualTo(400);
        assertThat(rpc.call(Map.of("method", "no-such")).get("result")).isEqualTo("method name not recognized");
        assertThat(rpc.call(Map.of("method", "torrent-get", "arguments", Map.of())).get("result")).isEqualTo("no fields specified");
        assertThat(rpc.call(Map.of("method", "torrent-add", "arguments", Map.of("metainfo", "bm90IGEgdG9ycmVudA=="))).get("result"))
                .isEqualTo("invalid or corrupt torrent file");
        assertThat(rpc.call(Map.of("method", "torrent-add", "arguments", Map.of("filename", "/etc/passwd"))).get("result"))
                .isEqualTo("invalid or corrupt torrent file");
    }

    @Test
    @SuppressWarnings("unchecked")
    void addGetDuplicateSetAndRemove() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "a.bin", 3, 16 * 1024, 100_000);
        String b64 = Base64.getEncoder().encodeToString(made.torrent());
        Map<String, Object> added = rpc.call(Map.of("method", "torrent-add", "arguments", Map.of("metainfo", b64, "paused", true)));
        assertThat(added.get("result")).isEqualTo("success");
        Map<String, Object> t = (Map<String, Object>) ((Map<String, Object>) added.get("arguments")).get("torrent-added");
        assertThat(t).containsEntry("name", "a.bin").containsEntry("hashString", made.meta().infoHash().hex());
        Map<String, Object> again = rpc.call(Map.of("method", "torrent-add", "arguments", Map.of("metainfo", b64)));
        assertThat((Map<String, Object>) again.get("arguments")).containsKey("torrent-duplicate");

        Map<String, Object> got = rpc.call(Map.of("method", "torrent-get", "arguments",
                Map.of("ids", List.of(t.get("id")), "fields", List.of("id", "name", "status", "totalSize", "pieceCount", "pieces", "files", "nonsense"))));
        List<Map<String, Object>> torrents = (List<Map<String, Object>>) ((Map<String, Object>) got.get("arguments")).get("torrents");
        assertThat(torrents).hasSize(1);
        assertThat(torrents.get(0)).containsEntry("status", 0L).containsEntry("totalSize", 100_000L).doesNotContainKey("nonsense")
                .containsEntry("pieces", Base64.getEncoder().encodeToString(new byte[1]));
        assertThat((List<Object>) torrents.get(0).get("files")).hasSize(1);

        rpc.call(Map.of("method", "torrent-set", "arguments", Map.of("ids", t.get("hashString"), "downloadLimit", 50L, "downloadLimited", true)));
        assertThat(daemon.torrents().get(0).downloadLimit()).isEqualTo(50_000);
        rpc.call(Map.of("method", "session-set", "arguments", Map.of("speed-limit-up", 100L, "speed-limit-up-enabled", true, "download-queue-size", 2L)));
        assertThat(daemon.settings().uploadLimit()).isEqualTo(100_000);
        assertThat(daemon.settings().queueSize()).isEqualTo(2);

        Map<String, Object> free = rpc.call(Map.of("method", "free-space", "arguments", Map.of("path", tmp.toString())));
        assertThat((Map<String, Object>) free.get("arguments")).containsKey("size-bytes");
        rpc.call(Map.of("method", "torrent-remove", "arguments", Map.of("ids", List.of(t.get("id")), "delete-local-data", true)));
        assertThat(daemon.torrents()).isEmpty();
    }

    @Test
    void offLoopbackWithoutAPasswordIsRefusedAndWithOneBasicAuthIsChecked() throws Exception {
        assertThatThrownBy(() -> DaemonServer.start(daemon, DaemonServer.Options.loopback(0).withBind("0.0.0.0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a password");
        try (DaemonServer guarded = DaemonServer.start(daemon, DaemonServer.Options.loopback(0).withPassword("me", "secret"))) {
            Map<String, String> id = Map.of(RpcGate.SESSION_HEADER, guarded.sessionId());
            RawHttp.Reply none = RawHttp.send(guarded.port(), "POST", "/transmission/rpc", "127.0.0.1", id, "{}");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).startsWith("Basic");
            String wrong = "Basic " + Base64.getEncoder().encodeToString("me:guess".getBytes(StandardCharsets.UTF_8));
            assertThat(RawHttp.send(guarded.port(), "GET", "/", "127.0.0.1", Map.of("Authorization", wrong), "").status()).isEqualTo(401);
            String right = "Basic " + Base64.getEncoder().encodeToString("me:secret".getBytes(StandardCharsets.UTF_8));
            RawHttp.Reply ok = RawHttp.send(guarded.port(), "POST", "/transmission/rpc", "127.0.0.1",
                    Map.of(RpcGate.SESSION_HEADER, guarded.sessionId(), "Authorization", right), "{\"method\":\"session-stats\"}");
            assertThat(ok.status()).isEqualTo(200);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> args(Map<String, Object> request) {
        Map<String, Object> r = rpc.call(request);
        assertThat(r.get("result")).as(String.valueOf(request)).isEqualTo("success");
        return (Map<String, Object>) r.get("arguments");
    }

    @Test
    void sessionGetTellsTheRealSettingsAndSessionSetChangesThem() {
        Map<String, Object> s = args(Map.of("method", "session-get"));
        assertThat(s).containsEntry("dht-enabled", true).containsEntry("peer-port", (long) daemon.peerPort())
                .containsEntry("config-dir", tmp.resolve("config").toString()).containsEntry("download-dir", tmp.resolve("downloads").toString())
                .containsEntry("speed-limit-down-enabled", false).containsEntry("download-queue-size", 5L).containsEntry("start-added-torrents", true)
                .containsEntry("peer-limit-per-torrent", (long) daemon.config().swarm().maxPeers())
                .containsEntry("peer-limit-global", (long) daemon.config().maxPeerConnections());
        assertThat((Long) s.get("download-dir-free-space")).isPositive();
        assertThat(daemon.dhtPort()).contains(daemon.peerPort());

        args(Map.of("method", "session-set", "arguments", Map.of("dht-enabled", false, "speed-limit-down", 250L, "speed-limit-down-enabled", true,
                "start-added-torrents", false, "download-queue-size", 3L)));
        Map<String, Object> after = args(Map.of("method", "session-get", "arguments",
                Map.of("fields", List.of("dht-enabled", "speed-limit-down", "speed-limit-down-enabled", "start-added-torrents", "download-queue-size"))));
        assertThat(after).containsOnly(Map.entry("dht-enabled", false), Map.entry("speed-limit-down", 250L),
                Map.entry("speed-limit-down-enabled", true), Map.entry("start-added-torrents", false), Map.entry("download-queue-size", 3L));
        assertThat(daemon.dhtPort()).as("the node is closed").isEmpty();
        args(Map.of("method", "session-set", "arguments", Map.of("dht-enabled", true)));
        assertThat(daemon.dhtPort()).isPresent();
    }

    @Test
    @SuppressWarnings("unchecked")
    void torrentGetCountsSecondsSeedingAndDatesAndAFileUnwantedStaysDone() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "seeded.bin", 9, 16 * 1024, 120_000);
        String b64 = Base64.getEncoder().encodeToString(made.torrent());
        long before = System.currentTimeMillis() / 1000;
        // Its data is there already (the seed folder): it checks and seeds.
        Map<String, Object> added = args(Map.of("method", "torrent-add", "arguments", Map.of("metainfo", b64, "download-dir", made.data().toString())));
        long id = (Long) ((Map<String, Object>) added.get("torrent-added")).get("id");
        List<String> fields = List.of("state", "secondsSeeding", "secondsDownloading", "startDate", "corruptEver", "peer-limit", "wanted",
                "priorities", "recheckProgress", "activityDate");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            Map<String, Object> t = ((List<Map<String, Object>>) args(Map.of("method", "torrent-get", "arguments",
                    Map.of("ids", List.of(id), "fields", fields))).get("torrents")).get(0);
            return "seeding".equals(t.get("state")) && (Long) t.get("secondsSeeding") >= 1;
        });
        Map<String, Object> t = ((List<Map<String, Object>>) args(Map.of("method", "torrent-get", "arguments",
                Map.of("ids", List.of(id), "fields", fields))).get("torrents")).get(0);
        assertThat(t).containsEntry("secondsDownloading", 0L).containsEntry("corruptEver", 0L).containsEntry("recheckProgress", 0.0)
                .containsEntry("peer-limit", (long) daemon.config().swarm().maxPeers()).containsEntry("wanted", List.of(1L))
                .containsEntry("priorities", List.of(0L)).containsEntry("activityDate", 0L); // no byte has moved
        assertThat((Long) t.get("startDate")).isBetween(before, System.currentTimeMillis() / 1000);

        // Unwanting the only file of a complete torrent: it stays done, and what it has stays in sizeWhenDone.
        args(Map.of("method", "torrent-set", "arguments", Map.of("ids", List.of(id), "files-unwanted", List.of(0L), "priority-high", List.of())));
        Map<String, Object> after = torrent(id, "wanted", "priorities", "state", "sizeWhenDone", "leftUntilDone", "percentDone");
        assertThat(after).containsEntry("wanted", List.of(0L)).containsEntry("priorities", List.of(1L)).containsEntry("state", "seeding")
                .containsEntry("sizeWhenDone", 120_000L).containsEntry("leftUntilDone", 0L).containsEntry("percentDone", 1.0);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> torrent(long id, String... fields) {
        return ((List<Map<String, Object>>) args(Map.of("method", "torrent-get", "arguments", Map.of("ids", List.of(id), "fields", List.of(fields))))
                .get("torrents")).get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void fileChoicesOnAddAndSetShowInTheFieldsAndBadIndicesChangeNothing() throws Exception {
        // 16 KiB pieces: part0 is pieces 0-2 (2 shared with part1), part1 2-5 (5 shared with part2), part2 5-7 (7 is short).
        TestTorrents.Made made = TestTorrents.make(tmp, "three", 21, 16 * 1024, 40_000, 50_000, 30_000);
        String b64 = Base64.getEncoder().encodeToString(made.torrent());
        Map<String, Object> added = args(Map.of("method", "torrent-add", "arguments", Map.of("metainfo", b64, "paused", true,
                "files-unwanted", List.of(1L, 9L), "priority-high", List.of(2L), "priority-low", List.of(0L))));
        long id = (Long) ((Map<String, Object>) added.get("torrent-added")).get("id");
        long sixPieces = 5 * 16384 + (120_000 - 7 * 16384);
        Map<String, Object> t = torrent(id, "wanted", "priorities", "fileStats", "files", "sizeWhenDone", "leftUntilDone", "percentDone",
                "desiredAvailable", "totalSize");
        assertThat(t).containsEntry("wanted", List.of(1L, 0L, 1L)).containsEntry("priorities", List.of(-1L, 0L, 1L))
                .containsEntry("totalSize", 120_000L).containsEntry("sizeWhenDone", sixPieces).containsEntry("leftUntilDone", sixPieces)
                .containsEntry("percentDone", 0.0).containsEntry("desiredAvailable", 0L);
        List<Map<String, Object>> stats = (List<Map<String, Object>>) t.get("fileStats");
        assertThat(stats).extracting(m -> m.get("wanted")).containsExactly(true, false, true);
        assertThat(stats).extracting(m -> m.get("priority")).containsExactly(-1L, 0L, 1L);
        assertThat(stats).extracting(m -> m.get("bytesCompleted")).containsOnly(0L);
        assertThat((List<Map<String, Object>>) t.get("files")).extracting(m -> m.get("name"))
                .containsExactly("three/part0.bin", "three/part1.bin", "three/part2.bin");

        args(Map.of("method", "torrent-set", "arguments", Map.of("ids", List.of(id), "files-wanted", List.of(1L), "files-unwanted", List.of(0L, 2L),
                "priority-normal", List.of(0L, 2L))));
        assertThat(torrent(id, "wanted", "priorities", "sizeWhenDone")).containsEntry("wanted", List.of(0L, 1L, 0L))
                .containsEntry("priorities", List.of(0L, 0L, 0L)).containsEntry("sizeWhenDone", 4L * 16384);

        Map<String, Object> bad = rpc.call(Map.of("method", "torrent-set", "arguments", Map.of("ids", List.of(id), "files-wanted", List.of(0L, 3L))));
        assertThat(bad.get("result")).isEqualTo("file index out of range");
        assertThat(rpc.call(Map.of("method", "torrent-set", "arguments", Map.of("ids", List.of(id), "priority-high", "all"))).get("result"))
                .isEqualTo("file indices must be a list");
        assertThat(torrent(id, "wanted")).containsEntry("wanted", List.of(0L, 1L, 0L));

        args(Map.of("method", "torrent-set", "arguments", Map.of("ids", List.of(id), "files-unwanted", List.of())));
        assertThat(torrent(id, "wanted", "sizeWhenDone", "percentDone")).containsEntry("wanted", List.of(0L, 0L, 0L))
                .containsEntry("sizeWhenDone", 0L).containsEntry("percentDone", 1.0);
    }
}
