package connectivity.cli.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.meta.FileEntry;
import connectivity.torrent.meta.Metainfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our .torrent files against transmission-show, and theirs (mktorrent, transmission-create) against us. */
@Timeout(60)
class TorrentInteropTest {
    private static final Pattern HASH = Pattern.compile("(?m)^\\s*Hash:\\s*([0-9a-f]{40})\\s*$");

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void makeContent() throws Exception {
        dir = Files.createDirectories(tmp.resolve("content"));
        Files.createDirectories(dir.resolve("nested/deeper"));
        Random r = new Random(42);
        write(dir.resolve("big.bin"), 300_000, r);
        write(dir.resolve("nested/small.txt"), 999, r);
        write(dir.resolve("nested/deeper/x y.dat"), 65_536, r);
    }

    private static void write(Path p, int size, Random r) throws Exception {
        byte[] b = new byte[size];
        r.nextBytes(b);
        Files.write(p, b);
    }

    private String ourInfoHash(Path torrent) {
        ConnRun r = ConnRun.run("torrent", "info", torrent.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Matcher m = Pattern.compile("Info-hash:\\s+([0-9a-f]{40})").matcher(r.out());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private String transmissionHash(Path torrent) throws Exception {
        Programs.Result r = Programs.run(tmp, 30, "transmission-show", torrent.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        Matcher m = HASH.matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        return m.group(1);
    }

    @Test
    void transmissionShowReadsOurTorrentsWithTheSameInfoHash() throws Exception {
        RealPeers.require("transmission-show");
        Path multi = tmp.resolve("multi.torrent");
        Path single = tmp.resolve("single.torrent");
        assertThat(ConnRun.run("torrent", "create", dir.toString(), "-t", "http://127.0.0.1:6969/announce", "-o", multi.toString()).exitCode()).isZero();
        assertThat(ConnRun.run("torrent", "create", dir.resolve("big.bin").toString(), "-t", "http://127.0.0.1:6969/announce",
                "--private", "-c", "über", "-o", single.toString()).exitCode()).isZero();
        for (Path t : List.of(multi, single)) {
            assertThat(transmissionHash(t)).as(t.toString()).isEqualTo(ourInfoHash(t));
        }
        Programs.Result show = Programs.run(tmp, 30, "transmission-show", multi.toString());
        assertThat(show.output()).contains("content/nested/deeper/x y.dat", "content/big.bin", "content/nested/small.txt");
    }

    @Test
    void weReadMktorrentOutputWithTheSameInfoHashAndFiles() throws Exception {
        RealPeers.require("mktorrent");
        RealPeers.require("transmission-show");
        Path out = tmp.resolve("mk.torrent");
        Programs.Result r = Programs.run(tmp, 30, "mktorrent", "-a", "http://127.0.0.1:6969/announce", "-l", "15", "-o", out.toString(), dir.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        checkTheirs(out, 32768);
    }

    @Test
    void weReadTransmissionCreateOutputWithTheSameInfoHashAndFiles() throws Exception {
        RealPeers.require("transmission-create");
        RealPeers.require("transmission-show");
        Path out = tmp.resolve("tc.torrent");
        Programs.Result r = Programs.run(tmp, 30, "transmission-create", "-t", "http://127.0.0.1:6969/announce", "-o", out.toString(), dir.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        checkTheirs(out, -1);
    }

    private void checkTheirs(Path torrent, long expectedPieceLength) throws Exception {
        assertThat(ourInfoHash(torrent)).isEqualTo(transmissionHash(torrent));
        Metainfo m = Metainfo.read(torrent);
        assertThat(m.info().name()).isEqualTo("content");
        assertThat(m.info().files()).extracting(FileEntry::path).containsExactlyInAnyOrder(
                List.of("big.bin"), List.of("nested", "small.txt"), List.of("nested", "deeper", "x y.dat"));
        for (FileEntry f : m.info().files()) {
            assertThat(f.length()).as(f.displayPath()).isEqualTo(Files.size(f.resolveUnder(dir)));
        }
        assertThat(m.info().totalLength()).isEqualTo(300_000 + 999 + 65_536);
        if (expectedPieceLength > 0) assertThat(m.info().pieceLength()).isEqualTo(expectedPieceLength);
        assertThat(m.trackers()).containsExactly("http://127.0.0.1:6969/announce");
        // Their piece hashes agree with ours for the same content and piece length.
        Metainfo ours = Metainfo.parse(connectivity.torrent.meta.TorrentCreator.of(dir).pieceLength(m.info().pieceLength()).clock(null).build());
        assertThat(ours.info().files()).isEqualTo(m.info().files());
        assertThat(ours.info().pieceHashes()).isEqualTo(m.info().pieceHashes());
    }
}
