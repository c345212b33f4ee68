package connectivity.torrent.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TorrentCreatorTest {
    @TempDir
    Path tmp;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void assertPiecesMatch(Info info, byte[] stream) throws Exception {
        assertThat(info.totalLength()).isEqualTo(stream.length);
        for (int i = 0; i < info.pieceCount(); i++) {
            int from = (int) info.pieceOffset(i);
            byte[] piece = Arrays.copyOfRange(stream, from, from + info.pieceSize(i));
            assertThat(MessageDigest.getInstance("SHA-1").digest(piece)).as("piece %d", i).isEqualTo(info.pieceHash(i));
        }
    }

    @Test
    void singleFileWithPiecesAcrossTheEnd() throws Exception {
        byte[] data = random(5 * 16384 + 123, 1);
        Path file = Files.write(tmp.resolve("data.bin"), data);
        Instant when = Instant.parse("2024-01-02T03:04:05Z");
        byte[] torrent = TorrentCreator.of(file).tracker("http://127.0.0.1:1/announce").comment("c").privateFlag(true)
                .clock(Clock.fixed(when, ZoneOffset.UTC)).threads(3).build();
        Metainfo m = Metainfo.parse(torrent);
        assertThat(m.info().name()).isEqualTo("data.bin");
        assertThat(m.info().multiFile()).isFalse();
        assertThat(m.info().isPrivate()).isTrue();
        assertThat(m.info().pieceLength()).isEqualTo(16384);
        assertThat(m.info().pieceCount()).isEqualTo(6);
        assertThat(m.creationDate()).hasValue(when.getEpochSecond());
        assertThat(m.comment()).contains("c");
        assertThat(m.trackerTiers()).containsExactly(List.of("http://127.0.0.1:1/announce"));
        assertPiecesMatch(m.info(), data);
    }

    @Test
    void directoryInSortedOrderWithPiecesSpanningFiles() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("share"));
        Files.createDirectories(dir.resolve("b/c"));
        byte[] a = random(20000, 2);
        byte[] bc = random(7, 3);
        byte[] z = random(40000, 4);
        Files.write(dir.resolve("z.dat"), z);
        Files.write(dir.resolve("a.txt"), a);
        Files.write(dir.resolve("b/c/d.bin"), bc);
        Files.write(dir.resolve("b/empty"), new byte[0]);
        Metainfo m = Metainfo.parse(TorrentCreator.of(dir).tracker("http://t/a").tracker("http://t2/a").clock(null).build());
        assertThat(m.info().multiFile()).isTrue();
        assertThat(m.info().name()).isEqualTo("share");
        assertThat(m.info().files()).extracting(FileEntry::path)
                .containsExactly(List.of("a.txt"), List.of("b", "c", "d.bin"), List.of("z.dat"));
        assertThat(m.creationDate()).isEmpty();
        assertThat(m.trackerTiers()).containsExactly(List.of("http://t/a"), List.of("http://t2/a"));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(a);
        stream.writeBytes(bc);
        stream.writeBytes(z);
        assertPiecesMatch(m.info(), stream.toByteArray());
    }

    @Test
    void sameInputGivesSameInfoHashWhateverTheThreadCount() throws Exception {
        Path file = Files.write(tmp.resolve("x"), random(300_000, 5));
        byte[] one = TorrentCreator.of(file).clock(null).threads(1).build();
        byte[] four = TorrentCreator.of(file).clock(null).threads(4).build();
        assertThat(four).isEqualTo(one);
    }

    @Test
    void automaticPieceLengthGivesAThousandToTwoThousandPieces() {
        for (long total : new long[] {1L << 30, 5_000_000_000L, (1L << 34) + 17, 3L << 29, 20_000_000_000L}) {
            long pl = TorrentCreator.choosePieceLength(total);
            long pieces = Info.expectedPieceCount(total, pl);
            assertThat(Long.bitCount(pl)).isEqualTo(1);
            assertThat(pieces).as("total %d", total).isBetween(1000L, 2000L);
        }
        assertThat(TorrentCreator.choosePieceLength(1000)).isEqualTo(16384);
        assertThat(TorrentCreator.choosePieceLength(1L << 40)).as("capped at 16 MiB").isEqualTo(16L << 20);
    }

    @Test
    void explicitPieceLengthMustBeAPowerOfTwoOfAtLeast16K() {
        TorrentCreator c = TorrentCreator.of(tmp);
        assertThatThrownBy(() -> c.pieceLength(20000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.pieceLength(8192)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesOnlyTheOutputFileAtomicallyAndSkipsItWhenInsideTheSource() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("share"));
        Files.write(dir.resolve("f"), random(50_000, 6));
        Path out = dir.resolve("share.torrent");
        List<long[]> progress = new ArrayList<>();
        Metainfo m = TorrentCreator.of(dir).progress((done, total) -> progress.add(new long[] {done, total})).writeTo(out, false);
        assertThat(m.info().files()).extracting(FileEntry::path).containsExactly(List.of("f"));
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("f", "share.torrent");
        }
        assertThat(Metainfo.read(out).infoHash()).isEqualTo(m.infoHash());
        assertThat(progress.get(progress.size() - 1)).containsExactly(50_000, 50_000);

        assertThatThrownBy(() -> TorrentCreator.of(dir).writeTo(out, false)).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> TorrentCreator.of(dir).writeTo(tmp, true)).hasMessageContaining("is a directory");
        TorrentCreator.of(dir).comment("again").writeTo(out, true);
        assertThat(Metainfo.read(out).comment()).contains("again");
    }

    @Test
    void aFileThatTakesTheOutputNameWhileHashingIsNeverReplacedWithoutForce() throws Exception {
        Path src = Files.write(tmp.resolve("data"), random(40_000, 7));
        Path out = tmp.resolve("data.torrent");
        byte[] theirs = "someone else's file".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // Progress runs on the thread that builds, after the first existence check and before the write.
        TorrentCreator racing = TorrentCreator.of(src).progress((done, total) -> {
            if (done == total && !Files.exists(out)) {
                try {
                    Files.write(out, theirs);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        assertThatThrownBy(() -> racing.writeTo(out, false)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(out)).isEqualTo(theirs);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactlyInAnyOrder("data", "data.torrent");
        }
    }

    @Test
    void theOutputGetsTheModeOfAnyNewFileNotThePrivateModeOfATempFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path src = Files.write(tmp.resolve("data"), random(40_000, 9));
        Path out = tmp.resolve("data.torrent");
        TorrentCreator.of(src).writeTo(out, false);
        // Files.createFile asks for 0666 and gets the umask applied, as mktorrent's output does.
        Path reference = Files.createFile(tmp.resolve("reference"));
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void refusesNothingToShare() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> TorrentCreator.of(empty).build()).hasMessageContaining("nothing to share");
        assertThatThrownBy(() -> TorrentCreator.of(tmp.resolve("missing")).build()).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
