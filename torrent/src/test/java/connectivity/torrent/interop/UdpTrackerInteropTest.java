package connectivity.torrent.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.tracker.AnnounceEvent;
import connectivity.torrent.tracker.AnnounceRequest;
import connectivity.torrent.tracker.AnnounceResponse;
import connectivity.torrent.tracker.SwarmStore;
import connectivity.torrent.tracker.TrackerException;
import connectivity.torrent.tracker.TrackerPeer;
import connectivity.torrent.tracker.udp.UdpTimings;
import connectivity.torrent.tracker.udp.UdpTrackerClient;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our UDP tracker client against Debian's opentracker over UDP (BEP 15), on 127.0.0.1. */
@Timeout(60)
class UdpTrackerInteropTest {
    static final InfoHash ALLOWED = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");

    /** A libtorrent seeder on loopback only (peers.md settings) that prints its listening port, then its alerts. */
    static final String LIBTORRENT_SEEDER = """
            import sys, time, libtorrent as lt
            torrent, save, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
            s = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_lsd': False, 'enable_upnp': False,
                            'enable_natpmp': False, 'enable_ip_notifier': False, 'dht_bootstrap_nodes': '',
                            'enable_dht': False, 'allow_multiple_connections_per_ip': True,
                            'alert_mask': lt.alert.category_t.tracker_notification | lt.alert.category_t.error_notification})
            h = s.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': save})
            print('listening on port', s.listen_port(), flush=True)
            deadline = time.time() + seconds
            while time.time() < deadline:
                for a in s.pop_alerts():
                    print(type(a).__name__, a.message(), flush=True)
                time.sleep(0.1)
            """;

    @TempDir
    Path tmp;

    private Path startOpentracker(InfoHash allowed, int port) throws IOException {
        // Run as root it chroots to the folder and drops to nobody: the folder and list must be readable by nobody.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path whitelist = Files.writeString(tmp.resolve("whitelist.txt"), allowed.hex() + "\n");
        Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
        return Files.writeString(tmp.resolve("opentracker.conf"), "listen.udp 127.0.0.1:" + port + "\nlisten.tcp 127.0.0.1:" + port
                + "\naccess.whitelist whitelist.txt\ntracker.rootdir " + tmp + "\ntracker.user nobody\n");
    }

    /**
     * A port free for UDP and for TCP both: opentracker listens on both (listen.tcp too), and fails to start, leaving
     * our datagrams unanswered, when the TCP port of that number is taken by another test's listener.
     */
    private static int freeUdpPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int port = s.getLocalPort();
                try (java.net.ServerSocket tcp = new java.net.ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException takenForTcp) {
                    // try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1 in 50 tries");
    }

    private static AnnounceRequest request(int n, long left) {
        return AnnounceRequest.of(ALLOWED, ("-CN0001-00000000000" + n).getBytes(StandardCharsets.ISO_8859_1), 7000 + n, left, AnnounceEvent.STARTED);
    }

    private static Set<Integer> ports(List<TrackerPeer> peers) {
        return peers.stream().map(p -> p.address().getPort()).collect(Collectors.toSet());
    }

    @Test
    void ourClientAnnouncesAndScrapesOpentrackerOverUdp() throws Exception {
        RealPeers.require("opentracker");
        int port = freeUdpPort();
        Path conf = startOpentracker(ALLOWED, port);
        String url = "udp://127.0.0.1:" + port + "/announce";
        try (ExternalProcess ot = ExternalProcess.start(tmp, tmp.resolve("opentracker.log"), "opentracker", "-f", conf.toString());
                UdpTrackerClient client = new UdpTrackerClient(new UdpTimings(Duration.ofMillis(200), 2, Duration.ofMinutes(1)),
                        Clock.systemUTC(), new SecureRandom())) {
            // Until opentracker has bound its port, our datagrams go nowhere and the client gives up: try again.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .failFast("opentracker exited", () -> !ot.alive())
                    .until(() -> client.announce(url, request(1, 0)) != null);
            AnnounceResponse second = client.announce(url, request(2, 100));
            assertThat(second.trackerUrl()).isEqualTo(url);
            assertThat(second.interval()).isPositive();
            assertThat(ports(second.peers())).as(ot.output()).contains(7001);
            assertThat(second.complete()).hasValue(1);
            assertThat(second.incomplete()).hasValue(1);
            // And the first peer, announcing again, sees the second.
            assertThat(ports(client.announce(url, request(1, 0)).peers())).contains(7002);

            Map<InfoHash, SwarmStore.SwarmStats> scrape = client.scrape(url, List.of(ALLOWED));
            assertThat(scrape.get(ALLOWED).complete()).isEqualTo(1);
            assertThat(scrape.get(ALLOWED).incomplete()).isEqualTo(1);

            // A hash not on its list gets opentracker's bare 8-byte reply: a clear refusal at once, not a wait (a client
            // that waited would fail later with "no answer within ...", not with this message).
            assertThatThrownBy(() -> client.announce(url, AnnounceRequest.of(InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff"),
                            "-CN0001-000000000009".getBytes(StandardCharsets.ISO_8859_1), 7009, 1, AnnounceEvent.STARTED)))
                    .isInstanceOf(TrackerException.class).hasMessageContaining("refused: announce reply of 8 bytes");
        }
    }

    /** A libtorrent seeder announces to opentracker over UDP; our client, announcing there as a leecher, is told its port. */
    @Test
    void ourClientFindsALibtorrentSeederThroughOpentrackerOverUdp() throws Exception {
        RealPeers.require("opentracker");
        RealPeers.require("python3");
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import libtorrent").redirectErrorStream(true).start();
        RealPeers.requireThat(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0, "python3-libtorrent is not installed");

        int port = freeUdpPort();
        String url = "udp://127.0.0.1:" + port + "/announce";
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        byte[] content = new byte[512 * 1024 + 3];
        new Random(12).nextBytes(content);
        Files.write(seedDir.resolve("payload.bin"), content);
        byte[] torrent = TorrentCreator.of(seedDir.resolve("payload.bin")).tracker(url).pieceLength(64 * 1024).build();
        Path torrentFile = Files.write(tmp.resolve("t.torrent"), torrent);
        InfoHash hash = Metainfo.parse(torrent).infoHash();
        Path conf = startOpentracker(hash, port);
        Path script = Files.writeString(tmp.resolve("seed.py"), LIBTORRENT_SEEDER);
        try (ExternalProcess ot = ExternalProcess.start(tmp, tmp.resolve("opentracker.log"), "opentracker", "-f", conf.toString());
                ExternalProcess seeder = ExternalProcess.start(tmp, tmp.resolve("libtorrent.log"), "/usr/bin/python3", script.toString(),
                        torrentFile.toString(), seedDir.toString(), "50");
                UdpTrackerClient client = new UdpTrackerClient(new UdpTimings(Duration.ofMillis(200), 2, Duration.ofMinutes(1)),
                        Clock.systemUTC(), new SecureRandom())) {
            Pattern listening = Pattern.compile("listening on port (\\d+)");
            int seederPort = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        Matcher m = listening.matcher(seeder.output());
                        return m.find() ? Integer.parseInt(m.group(1)) : 0;
                    }, p -> p > 0);
            AnnounceRequest us = AnnounceRequest.of(hash, "-CN0001-000000000042".getBytes(StandardCharsets.ISO_8859_1), 7042, content.length,
                    AnnounceEvent.STARTED);
            // libtorrent announces once it has checked the file; until then (or until opentracker is up) we see no seeder.
            AnnounceResponse found = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> client.announce(url, us), r -> ports(r.peers()).contains(seederPort));
            assertThat(found.complete()).as(seeder.output()).hasValue(1);
            assertThat(found.peers()).filteredOn(p -> p.address().getPort() == seederPort)
                    .allSatisfy(p -> assertThat(p.address().getAddress().isLoopbackAddress()).isTrue());
            // libtorrent prints the reply's alert when it pops it, which may come after we have seen it in the swarm.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> seeder.output().contains("tracker_reply_alert"));
        }
    }
}
