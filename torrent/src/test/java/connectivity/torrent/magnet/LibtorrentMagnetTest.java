package connectivity.torrent.magnet;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.swarm.PeerSource;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import connectivity.torrent.swarm.SwarmEvents;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Magnet links both ways with python3-libtorrent 2.0.8 on 127.0.0.1 (no DHT, LSD, UPnP or NAT-PMP; plain TCP):
 * we fetch the metadata (BEP 9) and the data from a libtorrent seeder named in {@code x.pe}, and a libtorrent
 * magnet leecher fetches both from our seeder.
 */
@Timeout(150)
class LibtorrentMagnetTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Several metadata pieces (many files make a long info dictionary), so the 16 KiB splitting is exercised. */
    private static final int FILES = 600;

    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();
    private final List<Swarm> swarms = new ArrayList<>();
    private Path seedDir;
    private Path torrentFile;
    private Metainfo meta;
    private Path script;

    @BeforeEach
    void setUp() throws Exception {
        RealPeers.require("python3");
        RealPeers.requireThat(Files.isExecutable(PYTHON) && libtorrentImports(), "python3-libtorrent (import libtorrent in /usr/bin/python3) is not installed");
        script = tmp.resolve("lt_peer.py");
        try (InputStream in = getClass().getResourceAsStream("lt_peer.py")) {
            Files.write(script, in.readAllBytes());
        }
        seedDir = tmp.resolve("seed");
        Path root = seedDir.resolve("album");
        Files.createDirectories(root);
        Random r = new Random(7);
        for (int i = 0; i < FILES; i++) {
            byte[] b = new byte[1000 + r.nextInt(9000)];
            r.nextBytes(b);
            Files.write(root.resolve("track-with-a-longish-name-" + i + ".bin"), b);
        }
        byte[] torrent = TorrentCreator.of(root).pieceLength(32 * 1024).build();
        torrentFile = tmp.resolve("album.torrent");
        Files.write(torrentFile, torrent);
        meta = Metainfo.parse(torrent);
        assertThat(meta.info().rawBytes().length).isGreaterThan(2 * 16 * 1024);
    }

    private static boolean libtorrentImports() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import libtorrent").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        swarms.forEach(Swarm::close);
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process python(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(p);
        return p;
    }

    @Test
    void weFetchMetadataAndDataFromALibtorrentSeeder() throws Exception {
        Process seeder = python("seed", torrentFile.toString(), seedDir.toString());
        BufferedReader out = new BufferedReader(new InputStreamReader(seeder.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        assertThat(line).startsWith("port ");
        int port = Integer.parseInt(line.substring(5).strip());
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btih:" + meta.infoHash().hex() + "&x.pe=127.0.0.1:" + port);

        byte[] ourId = connectivity.torrent.peer.PeerId.random();
        MetadataFetch.Fetched got = MetadataFetch.fetchKeepingPeers(link.infoHash(), List.of(link.peers().get(0).toSocketAddress()),
                Optional.empty(), MetadataFetch.Settings.defaults().withTimeout(Duration.ofSeconds(30)), ourId, MetadataFetch.Progress.NONE);
        byte[] info = got.info();

        assertThat(info).isEqualTo(meta.info().rawBytes());
        assertThat(InfoHash.of(info)).isEqualTo(link.infoHash());
        Metainfo fetched = Metainfo.parse(MetadataFiles.torrentBytes(info, List.of()));
        Path leechDir = tmp.resolve("leech");
        Swarm leecher = Swarm.forDownload(InfoLayout.of(fetched.info()), fetched.infoHash().bytes(), leechDir,
                SwarmConfig.defaults().withBind("127.0.0.1", 0), PeerSource.fixed(List.of(), Duration.ofMinutes(30)), SwarmEvents.NONE, ourId);
        swarms.add(leecher);
        leecher.start();
        // The metadata connection goes on into the download (what libtorrent sent meanwhile, its HAVE ALL, is read
        // then); the seeder is dialled again only if it was not handed on.
        assertThat(got.peers()).hasSize(1);
        got.peers().forEach(leecher::adopt);
        assertThat(leecher.awaitComplete(Duration.ofSeconds(60))).isTrue();
        assertSameFiles(seedDir.resolve("album"), leechDir.resolve("album"));
    }

    @Test
    void aLibtorrentMagnetLeecherFetchesMetadataAndDataFromUs() throws Exception {
        Swarm seeder = Swarm.forSeeding(InfoLayout.of(meta.info()), meta.infoHash().bytes(), seedDir,
                SwarmConfig.defaults().withBind("127.0.0.1", 0), PeerSource.fixed(List.of(), Duration.ofMinutes(30)), SwarmEvents.NONE).start();
        swarms.add(seeder);
        Path leechDir = tmp.resolve("lt-leech");
        Files.createDirectories(leechDir);
        String magnet = "magnet:?xt=urn:btih:" + meta.infoHash().hex() + "&x.pe=127.0.0.1:" + seeder.port();

        Process leecher = python("leech", magnet, leechDir.toString(), "90");
        String line = new BufferedReader(new InputStreamReader(leecher.getInputStream(), StandardCharsets.US_ASCII)).readLine();

        assertThat(line).isEqualTo("done");
        assertThat(leecher.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertSameFiles(seedDir.resolve("album"), leechDir.resolve("album"));
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        try (var files = Files.list(expected)) {
            for (Path f : files.toList()) {
                assertThat(Files.readAllBytes(actual.resolve(f.getFileName().toString()))).as(f.getFileName().toString())
                        .isEqualTo(Files.readAllBytes(f));
            }
        }
    }
}
