package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.tracker.InMemorySwarmStore;
import connectivity.torrent.tracker.SwarmStore;
import connectivity.torrent.tracker.Tracker;
import connectivity.torrent.tracker.TrackerConfig;
import connectivity.torrent.tracker.udp.ConnectionIds;
import connectivity.torrent.tracker.udp.UdpTimings;
import connectivity.torrent.tracker.udp.UdpTracker;
import connectivity.torrent.tracker.udp.UdpTrackerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients and our peers find each other only through our UDP tracker (no LSD, PEX, peers given by hand, or DHT
 * nodes to reach): the file arriving proves both sides announced over BEP 15 and got each other back.
 */
@Timeout(120)
class UdpTrackerRealClientInteropTest {
    static final String PYTHON = "/usr/bin/python3";
    static final String LEECHER = """
            import sys, time, libtorrent as lt
            torrent, save, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
            s = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_lsd': False, 'enable_upnp': False,
                            'enable_natpmp': False, 'enable_ip_notifier': False, 'dht_bootstrap_nodes': '',
                            'enable_dht': False, 'allow_multiple_connections_per_ip': True,
                            'enable_outgoing_utp': False, 'enable_incoming_utp': False,
                            'alert_mask': lt.alert.category_t.tracker_notification | lt.alert.category_t.error_notification})
            h = s.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': save})
            deadline = time.time() + seconds
            while time.time() < deadline:
                for a in s.pop_alerts():
                    print(type(a).__name__, a.message(), flush=True)
                if h.status().is_seeding:
                    print('done', flush=True)
                    sys.exit(0)
                time.sleep(0.1)
            print('gave up at', h.status().progress, flush=True)
            sys.exit(1)
            """;

    @TempDir
    Path tmp;

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** aria2c seeding {@code torrentFile} from {@code seedDir}, announcing over UDP (which it does only with its DHT on: on, but with no node to reach). */
    private Process startAria2Seeder(Path seedDir, Path torrentFile, int ariaPort, Path log) throws java.io.IOException {
        return new ProcessBuilder("aria2c", "--no-conf=true", "--enable-dht=true", "--enable-dht6=false",
                "--dht-listen-port=" + freePort(), "--dht-file-path=" + tmp.resolve("dht.dat"), "--bt-enable-lpd=false",
                "--enable-peer-exchange=false", "--file-allocation=none", "--listen-port=" + ariaPort, "--dir=" + seedDir,
                "--bt-seed-unverified=true", "--seed-ratio=0.0", "--seed-time=5", "--check-integrity=false",
                "--console-log-level=warn", "--summary-interval=0", torrentFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void requireLibtorrent() throws Exception {
        RealPeers.require("python3");
        Process probe = new ProcessBuilder(PYTHON, "-c", "import libtorrent").redirectErrorStream(true).start();
        RealPeers.requireThat(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0, "python3-libtorrent is not installed");
    }

    /** aria2c seeds and announces over UDP (which it does only with its DHT on: on, but with no node to reach); we leech. */
    @Test
    void weDownloadFromAnAria2cSeederFoundThroughOurUdpTracker() throws Exception {
        RealPeers.require("aria2c");
        Tracker logic = new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(5)), Clock.systemUTC());
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        byte[] content = new byte[2 * 1024 * 1024 + 7];
        new Random(6).nextBytes(content);
        Files.write(seedDir.resolve("payload.bin"), content);
        try (UdpTrackerServer server = UdpTrackerServer.start(new UdpTracker(logic, ConnectionIds.random(Clock.systemUTC())), "127.0.0.1", 0)) {
            byte[] torrent = TorrentCreator.of(seedDir.resolve("payload.bin")).tracker(server.announceUrl()).pieceLength(256 * 1024).build();
            Path torrentFile = Files.write(tmp.resolve("t.torrent"), torrent);
            Metainfo meta = Metainfo.parse(torrent);
            int ariaPort = freePort();
            Path log = tmp.resolve("aria2.log");
            Process aria = startAria2Seeder(seedDir, torrentFile, ariaPort, log);
            try (Swarm us = Swarm.forDownload(InfoLayout.of(meta.info()), meta.infoHash().bytes(), tmp.resolve("ours"), TestTorrent.config(),
                    new TrackerPeerSource(meta.trackerTiers(), meta.infoHash(), new UdpTimings(Duration.ofMillis(500), 2, Duration.ofMinutes(1))),
                    SwarmEvents.NONE).start()) {
                assertThat(us.awaitComplete(Duration.ofSeconds(90))).as(Files.readString(log)).isTrue();
                assertThat(Files.readAllBytes(tmp.resolve("ours/payload.bin"))).isEqualTo(content);
                assertThat(logic.scrape(meta.infoHash()).orElseThrow().complete()).as("aria2c announced as a seeder").isGreaterThanOrEqualTo(1);
            } finally {
                aria.descendants().forEach(ProcessHandle::destroyForcibly);
                aria.destroyForcibly();
                aria.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void libtorrentDownloadsFromOurSeederFoundThroughOurUdpTracker() throws Exception {
        requireLibtorrent();

        Tracker logic = new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(5)), Clock.systemUTC());
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        byte[] content = new byte[3 * 1024 * 1024 + 99];
        new Random(5).nextBytes(content);
        Files.write(seedDir.resolve("payload.bin"), content);
        try (UdpTrackerServer server = UdpTrackerServer.start(new UdpTracker(logic, ConnectionIds.random(Clock.systemUTC())), "127.0.0.1", 0)) {
            byte[] torrent = TorrentCreator.of(seedDir.resolve("payload.bin")).tracker(server.announceUrl()).pieceLength(256 * 1024).build();
            Path torrentFile = Files.write(tmp.resolve("t.torrent"), torrent);
            Metainfo meta = Metainfo.parse(torrent);
            Path script = Files.writeString(tmp.resolve("leech.py"), LEECHER);
            Path into = Files.createDirectories(tmp.resolve("libtorrent"));
            try (Swarm seeder = Swarm.forSeeding(InfoLayout.of(meta.info()), meta.infoHash().bytes(), seedDir, TestTorrent.config(),
                    new TrackerPeerSource(meta.trackerTiers(), meta.infoHash(), new UdpTimings(Duration.ofMillis(500), 2, Duration.ofMinutes(1))),
                    SwarmEvents.NONE).start()) {
                Path log = tmp.resolve("libtorrent.log");
                Process leech = new ProcessBuilder(PYTHON, script.toString(), torrentFile.toString(), into.toString(), "60")
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                try {
                    assertThat(leech.waitFor(90, TimeUnit.SECONDS)).as("libtorrent finished").isTrue();
                    assertThat(leech.exitValue()).as(Files.readString(log)).isZero();
                } finally {
                    leech.destroyForcibly();
                    leech.waitFor(10, TimeUnit.SECONDS);
                }
                assertThat(Files.readAllBytes(into.resolve("payload.bin"))).isEqualTo(content);
                assertThat(Files.readString(log)).contains("tracker_reply_alert");
                SwarmStore.SwarmStats stats = logic.scrape(meta.infoHash()).orElseThrow();
                assertThat(stats.complete() + stats.incomplete()).as("both announced over UDP").isGreaterThanOrEqualTo(2);
            }
        }
    }

    /**
     * Two real clients, neither ours, find each other only through our UDP tracker: an aria2c seeder and a
     * libtorrent leecher, each given nothing but the udp:// URL.
     */
    @Test
    void libtorrentDownloadsFromAnAria2cSeederFoundThroughOurUdpTracker() throws Exception {
        RealPeers.require("aria2c");
        requireLibtorrent();
        Tracker logic = new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(5)), Clock.systemUTC());
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        byte[] content = new byte[2 * 1024 * 1024 + 31];
        new Random(7).nextBytes(content);
        Files.write(seedDir.resolve("payload.bin"), content);
        try (UdpTrackerServer server = UdpTrackerServer.start(new UdpTracker(logic, ConnectionIds.random(Clock.systemUTC())), "127.0.0.1", 0)) {
            byte[] torrent = TorrentCreator.of(seedDir.resolve("payload.bin")).tracker(server.announceUrl()).pieceLength(256 * 1024).build();
            Path torrentFile = Files.write(tmp.resolve("t.torrent"), torrent);
            Metainfo meta = Metainfo.parse(torrent);
            Path ariaLog = tmp.resolve("aria2.log");
            Process aria = startAria2Seeder(seedDir, torrentFile, freePort(), ariaLog);
            Path script = Files.writeString(tmp.resolve("leech.py"), LEECHER);
            Path into = Files.createDirectories(tmp.resolve("libtorrent"));
            Path log = tmp.resolve("libtorrent.log");
            try {
                Process leech = new ProcessBuilder(PYTHON, script.toString(), torrentFile.toString(), into.toString(), "75")
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                try {
                    assertThat(leech.waitFor(90, TimeUnit.SECONDS)).as("libtorrent finished").isTrue();
                    assertThat(leech.exitValue()).as(Files.readString(log) + Files.readString(ariaLog)).isZero();
                } finally {
                    leech.destroyForcibly();
                    leech.waitFor(10, TimeUnit.SECONDS);
                }
            } finally {
                aria.descendants().forEach(ProcessHandle::destroyForcibly);
                aria.destroyForcibly();
                aria.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(Files.readAllBytes(into.resolve("payload.bin"))).isEqualTo(content);
            assertThat(Files.readString(log)).contains("tracker_reply_alert");
            SwarmStore.SwarmStats stats = logic.scrape(meta.infoHash()).orElseThrow();
            // libtorrent may have said stopped on its way out; aria2c, killed, did not: it announced as a seeder.
            assertThat(stats.complete()).as("aria2c announced as a seeder").isGreaterThanOrEqualTo(1);
        }
    }
}
