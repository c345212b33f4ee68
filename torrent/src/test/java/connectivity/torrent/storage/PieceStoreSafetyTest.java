package connectivity.torrent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A download changes only files it made or files that verify as the torrent's, and never goes through a link. */
class PieceStoreSafetyTest {
    private static final byte[] THEIRS = "export PATH=$HOME/bin:$PATH\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    Path out;
    Path outside;
    byte[] content;

    @BeforeEach
    void setUp() throws IOException {
        out = Files.createDirectories(tmp.resolve("out"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        content = new byte[100_000];
        new Random(11).nextBytes(content);
    }

    private TorrentLayout layout(List<String>... paths) {
        List<TorrentLayout.FileSpan> files = new ArrayList<>();
        long each = content.length / paths.length;
        for (int i = 0; i < paths.length; i++) {
            long length = i == paths.length - 1 ? content.length - each * i : each;
            files.add(new TorrentLayout.FileSpan(paths[i], length, each * i));
        }
        List<byte[]> hashes = new ArrayList<>();
        for (int at = 0; at < content.length; at += 16384) {
            hashes.add(PieceStore.sha1(Arrays.copyOfRange(content, at, Math.min(content.length, at + 16384))));
        }
        return new TorrentLayout.Simple(16384, content.length, files, hashes);
    }

    private List<Path> tree() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aFileThatIsNotTheTorrentsDataIsRefusedAndLeftAsItWas() throws IOException {
        TorrentLayout l = layout(List.of(".bashrc"));
        Path bashrc = Files.write(out.resolve(".bashrc"), THEIRS);
        List<Path> before = tree();
        assertThatThrownBy(() -> PieceStore.openForDownload(out, l))
                .isInstanceOf(UnsafeTargetException.class)
                .hasMessage(bashrc + " exists and is not this torrent's data");
        assertThat(Files.readAllBytes(bashrc)).isEqualTo(THEIRS);
        assertThat(tree()).as("nothing created, not even the record").isEqualTo(before);
    }

    @Test
    void aForeignFileInAMultiFileTorrentStopsTheWholeDownloadBeforeAnyFileIsMade() throws IOException {
        TorrentLayout l = layout(List.of("t", "a"), List.of("t", "b"));
        Files.createDirectories(out.resolve("t"));
        Path b = Files.write(out.resolve("t/b"), THEIRS);
        assertThatThrownBy(() -> PieceStore.openForDownload(out, l)).isInstanceOf(UnsafeTargetException.class);
        assertThat(Files.exists(out.resolve("t/a"))).isFalse();
        assertThat(Files.readAllBytes(b)).isEqualTo(THEIRS);
    }

    @Test
    void aFileLongerThanTheTorrentsIsRefusedEvenWhenItsFirstPieceVerifies() throws IOException {
        TorrentLayout l = layout(List.of("data"));
        byte[] longer = Arrays.copyOf(content, content.length + 10);
        Path data = Files.write(out.resolve("data"), longer);
        assertThatThrownBy(() -> PieceStore.openForDownload(out, l)).isInstanceOf(UnsafeTargetException.class);
        assertThat(Files.readAllBytes(data)).isEqualTo(longer);
    }

    @Test
    void aFileHoldingAVerifiedPieceIsThisTorrentsDataAndIsResumed() throws IOException {
        TorrentLayout l = layout(List.of("data"));
        // Only the third piece is right (as left by another client); the rest is zeros.
        byte[] partial = new byte[content.length];
        System.arraycopy(content, 2 * 16384, partial, 2 * 16384, 16384);
        Files.write(out.resolve("data"), partial);
        try (PieceStore s = PieceStore.openForDownload(out, l)) {
            assertThat(s.verifyFound(1, i -> {}).stream().boxed().toList()).containsExactly(2);
        }
        assertThat(Files.isRegularFile(DownloadRecord.path(out, l))).isTrue();
    }

    @Test
    void aFileTheDownloadMadeIsResumedEvenWithNoPieceVerifiedAndForgettingTheRecordMakesItForeign() throws IOException {
        TorrentLayout l = layout(List.of("data"));
        try (PieceStore s = PieceStore.openForDownload(out, l)) {
            s.write(0, 0, new byte[100]); // a block of a piece that never completed
        }
        try (PieceStore s = PieceStore.openForDownload(out, l)) {
            assertThat(s.verifyFound(1, i -> {}).isEmpty()).isTrue();
        }
        DownloadRecord.remove(out, l);
        assertThatThrownBy(() -> PieceStore.openForDownload(out, l)).isInstanceOf(UnsafeTargetException.class);
    }

    @Test
    void aSymbolicLinkAtTheFilesNameIsRefusedAndItsTargetUntouched() throws IOException {
        Path target = Files.write(outside.resolve("victim"), THEIRS);
        Files.createSymbolicLink(out.resolve("data"), target);
        TorrentLayout l = layout(List.of("data"));
        assertThatThrownBy(() -> PieceStore.openForDownload(out, l))
                .isInstanceOf(UnsafeTargetException.class)
                .hasMessageContaining("symbolic link");
        assertThat(Files.readAllBytes(target)).isEqualTo(THEIRS);
    }

    @Test
    void aSymbolicLinkEvenAfterTheRecordSaysTheFilesAreOursIsRefused() throws IOException {
        TorrentLayout l = layout(List.of("data"));
        PieceStore.openForDownload(out, l).close();
        Files.delete(out.resolve("data"));
        Path target = Files.write(outside.resolve("victim"), THEIRS);
        Files.createSymbolicLink(out.resolve("data"), target);
        assertThatThrownBy(() -> PieceStore.openForDownload(out, l)).isInstanceOf(UnsafeTargetException.class);
        assertThat(Files.readAllBytes(target)).isEqualTo(THEIRS);
    }

    @Test
    void aSymbolicLinkAtAFolderOfThePathIsRefusedAndNothingIsMadeOutside() throws IOException {
        Files.createSymbolicLink(out.resolve("t"), outside);
        TorrentLayout l = layout(List.of("t", "sub", "a"), List.of("t", "b"));
        assertThatThrownBy(() -> PieceStore.openForDownload(out, l))
                .isInstanceOf(UnsafeTargetException.class)
                .hasMessageContaining(out.resolve("t") + " is a symbolic link");
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void aLinkDeeperInThePathIsRefusedToo() throws IOException {
        Files.createDirectories(out.resolve("t/sub"));
        Files.createSymbolicLink(out.resolve("t/sub/deeper"), outside);
        TorrentLayout l = layout(List.of("t", "sub", "deeper", "a"));
        assertThatThrownBy(() -> PieceStore.openForDownload(out, l)).hasMessageContaining("symbolic link");
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void aFolderWhereTheFileGoesIsRefused() throws IOException {
        Files.createDirectories(out.resolve("data"));
        TorrentLayout l = layout(List.of("data"));
        assertThatThrownBy(() -> PieceStore.openForDownload(out, l))
                .isInstanceOf(UnsafeTargetException.class)
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void aTorrentCannotNameAFileLikeTheRecord() {
        TorrentLayout l = layout(List.of(DownloadRecord.PREFIX + "0000"));
        assertThatThrownBy(() -> PieceStore.openForDownload(out, l)).hasMessageContaining("unsafe file name");
    }
}
