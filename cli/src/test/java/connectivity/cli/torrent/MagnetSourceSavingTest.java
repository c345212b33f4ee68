package connectivity.cli.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The .torrent of a magnet link is written on a thread of its own; the report after it says what happened, as before. */
@Timeout(30)
class MagnetSourceSavingTest {
    @TempDir
    Path dir;

    private Metainfo torrent(byte[][] bytesOut) throws Exception {
        Path data = dir.resolve("clip.bin");
        Files.write(data, new byte[100_000]);
        byte[] bytes = TorrentCreator.of(data).pieceLength(32 * 1024).build();
        bytesOut[0] = bytes;
        return Metainfo.parse(bytes);
    }

    private static String report(MagnetSource.Saving saving) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        saving.report(new SwarmStatusLine(new PrintStream(out, true, StandardCharsets.UTF_8), false));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theReportComesOnceTheFileIsThereWithTheBytes() throws Exception {
        byte[][] bytes = new byte[1][];
        Metainfo m = torrent(bytes);
        Path out = dir.resolve("out");
        String said = report(MagnetSource.Saving.start(out, m, bytes[0], 1234));
        assertThat(said).contains("metadata: 1234 bytes, verified; saved as " + out.resolve("clip.bin.torrent"));
        assertThat(Files.readAllBytes(out.resolve("clip.bin.torrent"))).isEqualTo(bytes[0]);
    }

    @Test
    void aSaveThatFailsIsAWarningNotAFailure() throws Exception {
        byte[][] bytes = new byte[1][];
        Metainfo m = torrent(bytes);
        Path notADir = Files.write(dir.resolve("file"), new byte[1]);
        assertThat(report(MagnetSource.Saving.start(notADir, m, bytes[0], 1234))).startsWith("metadata: cannot save the .torrent in " + notADir);
    }

    @Test
    void withoutAMetadataPhaseThereIsNothingToReport() {
        assertThat(report(MagnetSource.Saving.NONE)).isEmpty();
    }
}
