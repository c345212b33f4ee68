package connectivity.torrent.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.dht.DhtConfig;
import connectivity.torrent.dht.DhtNode;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** libtorrent 2.0 (python3-libtorrent), aria2c and our DHT nodes on 127.0.0.1. */
@Timeout(120)
class DhtInteropTest {
    @TempDir
    Path tmp;

    private Path script() throws Exception {
        Path s = tmp.resolve("seeder.py");
        try (InputStream in = getClass().getResourceAsStream("libtorrent_dht_seeder.py")) {
            Files.copy(in, s);
        }
        return s;
    }

    @Test
    void aLibtorrentSeederAnnouncesThroughOurNodeAndOurLookupFindsIt() throws Exception {
        RealPeers.require("python3");
        RealPeers.requireThat(Files.exists(Path.of("/usr/bin/python3")) && pythonHasLibtorrent(), "python3-libtorrent");
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (DhtNode ours = DhtNode.open(loopback, DhtConfig.defaults(), List.of(), Optional.empty())) {
            Path work = Files.createDirectories(tmp.resolve("seed"));
            try (ExternalProcess seeder = ExternalProcess.start(work, tmp.resolve("seeder.log"), "/usr/bin/python3", script().toString(),
                    "127.0.0.1", Integer.toString(ours.address().getPort()), work.toString())) {
                Pattern ready = Pattern.compile("READY (\\d+) ([0-9a-f]{40})");
                await().atMost(Duration.ofSeconds(30)).until(() -> ready.matcher(seeder.output()).find() || !seeder.alive());
                Matcher m = ready.matcher(seeder.output());
                assertThat(m.find()).as(seeder.output()).isTrue();
                int seederPort = Integer.parseInt(m.group(1));
                InfoHash hash = InfoHash.fromHex(m.group(2));

                // libtorrent's get_peers got our token and its announce_peer was accepted: our node stores the peer.
                await().atMost(Duration.ofSeconds(60)).until(() -> ours.stats().storedPeers() > 0 || !seeder.alive());
                assertThat(ours.stats().storedPeers()).as(seeder.output()).isPositive();
                // Our answers went into libtorrent's routing table (it only keeps nodes that answer it).
                Pattern stats = Pattern.compile("STATS (\\d+) (\\d+)");
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Matcher s = stats.matcher(seeder.output());
                    int best = 0;
                    while (s.find()) best = Math.max(best, Integer.parseInt(s.group(1)));
                    return best >= 1;
                });
                assertThat(ours.stats().answered()).isGreaterThan(0);
                assertThat(ours.stats().malformed()).isZero();

                // A second node of ours, joining through the first, finds the seeder's port.
                try (DhtNode seeker = DhtNode.open(loopback, DhtConfig.defaults(), List.of(ours.address()), Optional.empty())) {
                    List<InetSocketAddress> peers = seeker.getPeers(hash, Duration.ofSeconds(20));
                    System.out.println("libtorrent seeder on " + seederPort + ", our lookup found " + peers);
                    assertThat(peers).contains(new InetSocketAddress("127.0.0.1", seederPort));
                    // It met libtorrent's node through ours, and libtorrent answered it.
                    assertThat(seeker.tableSize()).isGreaterThanOrEqualTo(2);
                }
            }
        }
    }

    /** aria2c seeds with its DHT entered only through our node; it announces there and our lookup finds it. */
    @Test
    void anAria2SeederAnnouncesThroughOurNode() throws Exception {
        RealPeers.require("aria2c");
        Path dir = Files.createDirectories(tmp.resolve("aria"));
        Path file = Files.write(dir.resolve("payload.bin"), new byte[300_000]);
        Path torrent = tmp.resolve("payload.torrent");
        // The tracker is a closed loopback port: aria2c can only find peers through the DHT.
        Metainfo m = TorrentCreator.of(file).tracker("http://127.0.0.1:9/announce").writeTo(torrent, false);
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (DhtNode ours = DhtNode.open(loopback, DhtConfig.defaults(), List.of(), Optional.empty())) {
            int ariaPort = freePort(), ariaDht = freePort();
            try (ExternalProcess aria = ExternalProcess.start(tmp, tmp.resolve("aria2.log"), "aria2c", "--no-conf=true",
                    "--enable-dht=true", "--enable-dht6=false", "--dht-listen-port=" + ariaDht,
                    "--dht-entry-point=127.0.0.1:" + ours.address().getPort(), "--dht-file-path=" + tmp.resolve("dht.dat"),
                    "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--file-allocation=none", "--listen-port=" + ariaPort,
                    "--dir=" + dir, "--bt-seed-unverified=true", "--seed-ratio=0.0", "--seed-time=5", "--check-integrity=false",
                    "--console-log-level=warn", "--summary-interval=0", torrent.toString())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> ours.stats().storedPeers() > 0 || !aria.alive());
                assertThat(ours.stats().storedPeers()).as(aria.output()).isPositive();
                try (DhtNode seeker = DhtNode.open(loopback, DhtConfig.defaults(), List.of(ours.address()), Optional.empty())) {
                    assertThat(seeker.getPeers(m.infoHash(), Duration.ofSeconds(20))).contains(new InetSocketAddress("127.0.0.1", ariaPort));
                }
                assertThat(ours.stats().malformed()).isZero();
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean pythonHasLibtorrent() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import libtorrent").redirectErrorStream(true).start();
            return p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
