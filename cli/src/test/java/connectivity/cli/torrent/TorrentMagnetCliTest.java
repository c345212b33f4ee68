package connectivity.cli.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.swarm.PeerSource;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import connectivity.torrent.swarm.SwarmEvents;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code torrent get MAGNET} and {@code torrent magnet FILE}. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TorrentMagnetCliTest {
    private static final String HEX = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";

    @TempDir
    Path tmp;

    @Test
    void magnetPrintsTheLinkWithNameAndEveryTracker() throws Exception {
        Path f = Files.write(tmp.resolve("My Song.flac"), new byte[40_000]);
        Path torrent = tmp.resolve("song.torrent");
        ConnRun c = ConnRun.run("torrent", "create", f.toString(), "--tracker", "http://127.0.0.1:6969/announce",
                "--tracker", "udp://127.0.0.1:6969,http://b/2", "-o", torrent.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        Metainfo m = Metainfo.read(torrent);

        ConnRun r = ConnRun.run("torrent", "magnet", torrent.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("magnet:?xt=urn:btih:" + m.infoHash().hex() + "&dn=My%20Song.flac"
                + "&tr=http%3A%2F%2F127.0.0.1%3A6969%2Fannounce&tr=udp%3A%2F%2F127.0.0.1%3A6969&tr=http%3A%2F%2Fb%2F2" + System.lineSeparator());
    }

    @Test
    void badMagnetLinksGetOneLineAndExit2() {
        for (String[] bad : new String[][] {{"magnet:?xt=urn:btih:1234", "bad magnet link: info-hash has 4 characters"},
            {"magnet:?xt=urn:btih:" + HEX + "&x.pe=127.0.0.1:99999", "bad magnet link: peer '127.0.0.1:99999' has a bad port"},
            {"magnet:?xt=urn:btih:" + HEX, "the magnet link names no tracker and no peer"}}) {
            ConnRun r = ConnRun.run("torrent", "get", bad[0], "-o", tmp.toString(), "--no-seed", "--port", "0", "--bind", "127.0.0.1");
            assertThat(r.exitCode()).as(bad[0]).isEqualTo(2);
            assertThat(r.err()).startsWith("conn: " + bad[1]).hasLineCount(1).doesNotContain("Exception");
        }
    }

    @Test
    void aMagnetWithNoReachablePeerFailsAtTheMetadataTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConnRun r = ConnRun.run("torrent", "get", "magnet:?xt=urn:btih:" + HEX + "&x.pe=127.0.0.1:" + port, "-o", tmp.toString(),
                "--no-seed", "--port", "0", "--bind", "127.0.0.1", "--metadata-timeout", "1", "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("conn: metadata: no peer sent the metadata within 1 s").contains("127.0.0.1:" + port).hasLineCount(1);
    }

    @Test
    void getByMagnetFromOurSeederSavesTheTorrentAndARerunNeedsNoPeerForIt() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        byte[] data = new byte[300_000];
        new Random(11).nextBytes(data);
        Files.write(seedDir.resolve("clip.bin"), data);
        Metainfo m = Metainfo.parse(TorrentCreator.of(seedDir.resolve("clip.bin")).pieceLength(32 * 1024).build());
        String magnet;
        Path out = tmp.resolve("out");
        try (Swarm seeder = Swarm.forSeeding(InfoLayout.of(m.info()), m.infoHash().bytes(), seedDir,
                SwarmConfig.defaults().withBind("127.0.0.1", 0), PeerSource.fixed(List.of(), Duration.ofMinutes(30)), SwarmEvents.NONE).start()) {
            magnet = "magnet:?xt=urn:btih:" + m.infoHash().hex() + "&dn=whatever&x.pe=127.0.0.1:" + seeder.port();

            ConnRun r = ConnRun.run("torrent", "get", magnet, "-o", out.toString(), "--no-seed", "--port", "0", "--bind", "127.0.0.1", "--json");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"state\":\"metadata\"", "saved as", "download complete and verified");
        }
        assertThat(Files.readAllBytes(out.resolve("clip.bin"))).isEqualTo(data);
        assertThat(Metainfo.read(out.resolve("clip.bin.torrent")).infoHash()).isEqualTo(m.infoHash());

        ConnRun again = ConnRun.run("torrent", "get", magnet, "-o", out.toString(), "--no-seed", "--port", "0", "--bind", "127.0.0.1", "--json");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("using the .torrent an earlier run saved").contains("download complete and verified")
                .doesNotContain("\"state\":\"metadata\",\"pieces\"");
    }
}
