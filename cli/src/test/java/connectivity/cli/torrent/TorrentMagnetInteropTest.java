package connectivity.cli.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.meta.Metainfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole command: {@code conn torrent get MAGNET} against a python3-libtorrent seeder named in {@code x.pe}. */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TorrentMagnetInteropTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** The torrent module's libtorrent driver (kept on 127.0.0.1; see the script). */
    private static final Path SCRIPT = Path.of("../torrent/src/test/resources/connectivity/torrent/magnet/lt_peer.py");

    @TempDir
    Path tmp;

    @Test
    void getByMagnetFromALibtorrentSeeder() throws Exception {
        RealPeers.require("python3");
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import libtorrent").redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        RealPeers.requireThat(check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0, "python3-libtorrent is not installed");

        Path seed = Files.createDirectories(tmp.resolve("seed"));
        byte[] data = new byte[2_000_000];
        new Random(5).nextBytes(data);
        Files.write(seed.resolve("talk.mp4"), data);
        Path torrent = tmp.resolve("talk.torrent");
        ConnRun c = ConnRun.run("torrent", "create", seed.resolve("talk.mp4").toString(), "-o", torrent.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        Metainfo m = Metainfo.read(torrent);

        Process seeder = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), "seed", torrent.toString(), seed.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String line = new BufferedReader(new InputStreamReader(seeder.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(line).startsWith("port ");
            String magnet = "magnet:?xt=urn:btih:" + m.infoHash().hex() + "&dn=talk.mp4&x.pe=127.0.0.1:" + line.substring(5).strip();
            Path out = tmp.resolve("out");

            ConnRun r = ConnRun.run("torrent", "get", magnet, "-o", out.toString(), "--no-seed", "--port", "0", "--bind", "127.0.0.1");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("metadata: fetching", "saved as " + out.resolve("talk.mp4.torrent"), "download complete and verified");
            assertThat(Files.readAllBytes(out.resolve("talk.mp4"))).isEqualTo(data);
            assertThat(Metainfo.read(out.resolve("talk.mp4.torrent")).info()).isEqualTo(m.info());
        } finally {
            seeder.destroyForcibly();
            seeder.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
