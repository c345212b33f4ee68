package connectivity.torrent.daemon.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.daemon.Daemon;
import connectivity.torrent.daemon.DaemonConfig;
import connectivity.torrent.daemon.DaemonServer;
import connectivity.torrent.daemon.TestTorrents;
import connectivity.torrent.daemon.TorrentState;
import connectivity.torrent.magnet.MagnetLink;
import connectivity.torrent.swarm.SwarmConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Debian's transmission-remote (3.00) drives our daemon, one command at a time, and we check what it prints and what changed. */
@Timeout(120)
class TransmissionRemoteInteropTest {
    @TempDir
    Path tmp;
    private Daemon daemon;
    private DaemonServer server;
    private TestTorrents seeders;

    @BeforeEach
    void start() throws IOException {
        RealPeers.require("transmission-remote");
        daemon = Daemon.start(DaemonConfig.of(tmp.resolve("downloads"), tmp.resolve("config")).withPeerPort("127.0.0.1", 0)
                .withSwarm(SwarmConfig.builder().bind("127.0.0.1", 0).pex(false).build()));
        server = DaemonServer.start(daemon, DaemonServer.Options.loopback(0));
        seeders = new TestTorrents();
    }

    @AfterEach
    void stop() {
        if (seeders != null) seeders.close();
        if (server != null) server.close();
        if (daemon != null) daemon.close();
    }

    private String remote(String... args) throws Exception {
        return remote(0, args);
    }

    private String remote(int exit, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("transmission-remote", "127.0.0.1:" + server.port()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", args) + " printed: " + text).isEqualTo(exit);
        return text;
    }

    @Test
    void addFileListInfoStopStartRemove() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "movie.bin", 7, 32 * 1024, 900_000);
        Path file = tmp.resolve("movie.torrent");
        Files.write(file, made.torrent());

        assertThat(remote("-a", file.toString())).contains("responded: \"success\"");
        var t = daemon.torrents().get(0);
        assertThat(t.name()).isEqualTo("movie.bin");
        await().atMost(Duration.ofSeconds(20)).until(() -> t.swarm().isPresent());
        seeders.seed(made, 0, new InetSocketAddress("127.0.0.1", daemon.peerPort()));
        await().atMost(Duration.ofSeconds(60)).until(() -> t.state() == TorrentState.SEEDING);

        String list = remote("-l");
        // transmission-remote says "Idle" for a seeding torrent nobody is downloading from
        assertThat(list).contains("movie.bin").contains("100%").contains("900.0 kB").contains("Idle").contains("Sum:");

        String info = remote("-t", "1", "-i");
        assertThat(info).contains("Name: movie.bin").contains("Hash: " + made.meta().infoHash().hex())
                .contains("Percent Done: 100%").contains("State: Idle").contains("Piece Count: " + made.meta().info().pieceCount());

        assertThat(remote("-t", "1", "-S")).contains("success");
        await().atMost(Duration.ofSeconds(10)).until(() -> t.state() == TorrentState.STOPPED);
        assertThat(remote("-l")).contains("Stopped");

        assertThat(remote("-t", "1", "-s")).contains("success");
        await().atMost(Duration.ofSeconds(20)).until(() -> t.state() == TorrentState.SEEDING);

        assertThat(remote("-t", "1", "-r")).contains("success");
        assertThat(daemon.torrents()).isEmpty();
        assertThat(tmp.resolve("downloads/movie.bin")).exists(); // -r keeps the data; --remove-and-delete would not
    }

    @Test
    void addMagnetAndSessionInfo() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "linked.bin", 8, 16 * 1024, 400_000);
        var seeder = seeders.seed(made, 0, null);
        String magnet = MagnetLink.of(made.meta()).toUri() + "&x.pe=127.0.0.1:" + seeder.port();
        assertThat(remote("-a", magnet)).contains("success");
        var t = daemon.torrents().get(0);
        await().atMost(Duration.ofSeconds(60)).until(() -> t.state() == TorrentState.SEEDING);
        assertThat(Files.readAllBytes(tmp.resolve("downloads/linked.bin"))).isEqualTo(Files.readAllBytes(made.data().resolve("linked.bin")));

        String si = remote("-si");
        assertThat(si).contains("Listenport: " + daemon.peerPort()).contains("Download directory: " + tmp.resolve("downloads"));
        String st = remote("-st");
        assertThat(st).contains("Downloaded: 400.0 kB");

        // Limits and the DHT change live.
        var swarm = t.swarm().orElseThrow();
        assertThat(remote("-d", "300")).contains("success");
        assertThat(daemon.settings().downloadLimit()).isEqualTo(300_000);
        assertThat(remote("-t", "1", "-u", "50")).contains("success");
        assertThat(swarm.uploadThrottle().rate()).isEqualTo(50_000);
        assertThat(remote("-O")).contains("success");
        assertThat(daemon.settings().dht()).isFalse();
        assertThat(daemon.dhtPort()).isEmpty();
        assertThat(remote("-o")).contains("success");
        assertThat(daemon.dhtPort()).isPresent();
        assertThat(t.swarm()).containsSame(swarm);

        // File choices: the file list shows each one (the data is all there, so the torrent stays done throughout).
        assertThat(remote("-t", "1", "-G", "0")).contains("success");
        assertThat(t.files().wanted()).containsExactly(false);
        String unwanted = remote("-t", "1", "-if");
        assertThat(fileLine(unwanted)).contains("100%").contains("Normal").contains("No").contains("linked.bin");
        assertThat(remote("-t", "1", "-g", "0")).contains("success");
        assertThat(fileLine(remote("-t", "1", "-if"))).contains("Yes");
        assertThat(remote("-t", "1", "-ph", "0")).contains("success");
        assertThat(fileLine(remote("-t", "1", "-if"))).contains("High");
        assertThat(remote("-t", "1", "-pl", "0")).contains("success");
        assertThat(fileLine(remote("-t", "1", "-if"))).contains("Low").contains("Yes");
        assertThat(t.files().priorities()).containsExactly(-1);
        assertThat(remote("-t", "1", "-G", "all")).contains("success"); // sent as an empty list: every file
        assertThat(t.files().wanted()).containsExactly(false);
        assertThat(remote("-t", "1", "-g", "all")).contains("success");
        assertThat(t.files().wanted()).containsExactly(true);
        assertThat(t.state()).isEqualTo(TorrentState.SEEDING);
        assertThat(remote(1, "-t", "1", "-G", "5")).contains("file index out of range");
    }

    /** The line for file 0 in transmission-remote's file list ({@code "  0: 100% Normal   Yes  400.0 kB  name"}). */
    private static String fileLine(String list) {
        return list.lines().filter(l -> l.trim().startsWith("0:")).findFirst().orElse("(no file line in: " + list + ")");
    }

    @Test
    void aPasswordIsAskedForAndUrlsAndRemoveAndDeleteWork() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "served.bin", 9, 16 * 1024, 200_000);
        connectivity.http.server.HttpServer files = connectivity.http.server.HttpServer.builder().bind("127.0.0.1").port(0)
                .route("/served.torrent", r -> connectivity.http.server.Response.of(200, "application/x-bittorrent", made.torrent()))
                .build().start();
        try (DaemonServer guarded = DaemonServer.start(daemon, DaemonServer.Options.loopback(0).withPassword("me", "s3cret"))) {
            List<String> base = List.of("transmission-remote", "127.0.0.1:" + guarded.port());
            Process refused = new ProcessBuilder(base.get(0), base.get(1), "-l").redirectErrorStream(true).start();
            String said = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(said).contains("401");

            Process add = new ProcessBuilder(base.get(0), base.get(1), "-n", "me:s3cret", "-a",
                    "http://127.0.0.1:" + files.port() + "/served.torrent").redirectErrorStream(true).start();
            String out = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(add.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("success");
            var t = daemon.torrents().get(0);
            assertThat(t.name()).isEqualTo("served.bin");
            await().atMost(Duration.ofSeconds(20)).until(() -> t.swarm().isPresent());
            seeders.seed(made, 0, new InetSocketAddress("127.0.0.1", daemon.peerPort()));
            await().atMost(Duration.ofSeconds(60)).until(() -> t.state() == TorrentState.SEEDING);
            assertThat(tmp.resolve("downloads/served.bin")).exists();

            Process delete = new ProcessBuilder(base.get(0), base.get(1), "-n", "me:s3cret", "-t", String.valueOf(t.id), "--remove-and-delete")
                    .redirectErrorStream(true).start();
            assertThat(new String(delete.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("success");
            assertThat(delete.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(daemon.torrents()).isEmpty();
            // The data goes once the swarm has closed its files (as in Transmission, after the answer).
            await().atMost(Duration.ofSeconds(20)).until(() -> !java.nio.file.Files.exists(tmp.resolve("downloads/served.bin")));
        } finally {
            files.close();
        }
    }
}
