package connectivity.torrent.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.tracker.AnnounceEvent;
import connectivity.torrent.tracker.AnnounceRequest;
import connectivity.torrent.tracker.AnnounceResponse;
import connectivity.torrent.tracker.HttpAnnounceTransport;
import connectivity.torrent.tracker.InMemorySwarmStore;
import connectivity.torrent.tracker.SwarmStore;
import connectivity.torrent.tracker.Tracker;
import connectivity.torrent.tracker.TrackerClient;
import connectivity.torrent.tracker.TrackerConfig;
import connectivity.torrent.tracker.TrackerPeer;
import connectivity.torrent.tracker.TrackerServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real clients against our tracker, and our tracker client against opentracker. */
@Timeout(120)
class TrackerInteropTest {
    @TempDir
    Path tmp;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path content(String name, int size) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("seed"));
        byte[] b = new byte[size];
        new Random(11).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    private static Set<Integer> ports(List<TrackerPeer> peers) {
        return peers.stream().map(p -> p.address().getPort()).collect(Collectors.toSet());
    }

    /**
     * aria2c seeds and transmission-cli leeches, with DHT, PEX and LPD off: they can only find each other
     * through our tracker. The file arriving proves it; an announce and a scrape from the test show both.
     */
    @Test
    void aria2AndTransmissionFindEachOtherThroughOurTracker() throws Exception {
        RealPeers.require("aria2c");
        RealPeers.require("transmission-cli");
        Tracker tracker = new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(30)), Clock.systemUTC());
        Path file = content("payload.bin", 3 * 1024 * 1024 + 17);
        try (TrackerServer server = TrackerServer.start(tracker, "127.0.0.1", 0);
                HttpAnnounceTransport http = new HttpAnnounceTransport(Duration.ofSeconds(5))) {
            Path torrent = tmp.resolve("payload.torrent");
            Metainfo m = TorrentCreator.of(file).tracker(server.announceUrl()).writeTo(torrent, false);
            int ariaPort = freePort();
            int trPort = freePort();
            Path trDir = Files.createDirectories(tmp.resolve("transmission-download"));
            Path trConfig = Files.createDirectories(tmp.resolve("transmission-config"));
            Files.writeString(trConfig.resolve("settings.json"), """
                    {"dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "utp-enabled": false,
                     "port-forwarding-enabled": false, "rename-partial-files": true, "message-level": 2}
                    """);
            try (ExternalProcess aria = ExternalProcess.start(tmp, tmp.resolve("aria2.log"), "aria2c",
                            "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
                            "--file-allocation=none", "--listen-port=" + ariaPort, "--dir=" + file.getParent(),
                            "--bt-seed-unverified=true", "--seed-ratio=0.0", "--seed-time=5", "--check-integrity=false",
                            "--console-log-level=warn", "--summary-interval=0", torrent.toString());
                    ExternalProcess tr = ExternalProcess.start(tmp, tmp.resolve("transmission.log"), "transmission-cli",
                            "-g", trConfig.toString(), "-w", trDir.toString(), "-p", Integer.toString(trPort), "-M", "-D", "-U",
                            torrent.toString())) {
                Path downloaded = trDir.resolve("payload.bin");
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    assertThat(aria.alive()).as("aria2c: %s", aria.output()).isTrue();
                    assertThat(Files.exists(downloaded) && Files.mismatch(downloaded, file) == -1)
                            .as("transmission got the file; its log: %s", tr.output()).isTrue();
                });

                // A third peer asking our tracker sees both real clients, on the ports they listen on.
                TrackerClient client = new TrackerClient(List.of(List.of(server.announceUrl())), http);
                AnnounceResponse seen = client.announce(new AnnounceRequest(m.infoHash(), "-TT0001-abcdefghijkl".getBytes(StandardCharsets.ISO_8859_1),
                        9, 0, 0, 1, AnnounceEvent.STARTED, 50, java.util.Optional.empty(), java.util.Optional.empty()));
                assertThat(ports(seen.peers())).contains(ariaPort, trPort);
                Map<InfoHash, SwarmStore.SwarmStats> scrape = client.scrape(List.of(m.infoHash()));
                assertThat(scrape.get(m.infoHash()).complete() + scrape.get(m.infoHash()).incomplete()).isGreaterThanOrEqualTo(3);
            }
        }
    }

    /** Our tracker client announces to Debian's opentracker (which serves only whitelisted hashes). */
    @Test
    void ourClientAnnouncesToOpentracker() throws Exception {
        RealPeers.require("opentracker");
        InfoHash hash = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
        // Run as root, opentracker drops to another user: its files must be world-readable.
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path whitelist = Files.writeString(tmp.resolve("whitelist"), hash.hex() + "\n");
        Files.setPosixFilePermissions(whitelist, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        int port = freePort();
        Path conf = Files.writeString(tmp.resolve("opentracker.conf"),
                "listen.tcp_udp 127.0.0.1:" + port + "\naccess.whitelist " + whitelist + "\n");
        try (ExternalProcess ot = ExternalProcess.start(tmp, tmp.resolve("opentracker.log"), "opentracker", "-f", conf.toString());
                HttpAnnounceTransport http = new HttpAnnounceTransport(Duration.ofSeconds(5))) {
            String url = "http://127.0.0.1:" + port + "/announce";
            TrackerClient client = new TrackerClient(List.of(List.of(url)), http);
            AnnounceRequest first = AnnounceRequest.of(hash, "-CN0001-000000000001".getBytes(StandardCharsets.ISO_8859_1), 7001, 0, AnnounceEvent.STARTED);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> client.announce(first) != null);
            AnnounceResponse second = client.announce(
                    AnnounceRequest.of(hash, "-CN0001-000000000002".getBytes(StandardCharsets.ISO_8859_1), 7002, 100, AnnounceEvent.STARTED));
            assertThat(second.trackerUrl()).isEqualTo(url);
            assertThat(second.interval()).isPositive();
            assertThat(ports(second.peers())).as(ot.output()).contains(7001);
            assertThat(second.complete()).hasValue(1);

            Map<InfoHash, SwarmStore.SwarmStats> scrape = client.scrape(List.of(hash));
            assertThat(scrape.get(hash).complete()).isEqualTo(1);
            assertThat(scrape.get(hash).incomplete()).isEqualTo(1);

            InfoHash other = InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.announce(AnnounceRequest.of(other,
                            "-CN0001-000000000003".getBytes(StandardCharsets.ISO_8859_1), 7003, 1, AnnounceEvent.STARTED)))
                    .hasMessageContaining("refused");
        }
    }
}
