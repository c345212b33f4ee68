package connectivity.torrent.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.meta.InfoHash;
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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our UDP tracker client against Debian's opentracker over UDP (BEP 15), on 127.0.0.1. */
@Timeout(60)
class UdpTrackerInteropTest {
    static final InfoHash ALLOWED = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");

    @TempDir
    Path tmp;

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
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
        // Run as root it chroots to the folder and drops to nobody: the folder and list must be readable by nobody.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path whitelist = Files.writeString(tmp.resolve("whitelist.txt"), ALLOWED.hex() + "\n");
        Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
        int port = freeUdpPort();
        Path conf = Files.writeString(tmp.resolve("opentracker.conf"), "listen.udp 127.0.0.1:" + port + "\nlisten.tcp 127.0.0.1:" + port
                + "\naccess.whitelist whitelist.txt\ntracker.rootdir " + tmp + "\ntracker.user nobody\n");
        String url = "udp://127.0.0.1:" + port + "/announce";
        try (ExternalProcess ot = ExternalProcess.start(tmp, tmp.resolve("opentracker.log"), "opentracker", "-f", conf.toString());
                UdpTrackerClient client = new UdpTrackerClient(new UdpTimings(Duration.ofMillis(200), 2, Duration.ofMinutes(1)),
                        Clock.systemUTC(), new SecureRandom())) {
            // Until opentracker has bound its port, our datagrams go nowhere and the client gives up: try again.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
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

            // A hash not on its list gets opentracker's bare 8-byte reply: a clear refusal at once, not a wait.
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.announce(url, AnnounceRequest.of(InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff"),
                            "-CN0001-000000000009".getBytes(StandardCharsets.ISO_8859_1), 7009, 1, AnnounceEvent.STARTED)))
                    .isInstanceOf(TrackerException.class).hasMessageContaining("refused: announce reply of 8 bytes");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
        }
    }
}
