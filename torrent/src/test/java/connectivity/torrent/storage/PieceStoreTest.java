package connectivity.torrent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceStoreTest {
    @TempDir
    Path dir;

    private static TorrentLayout layout(byte[] content, int pieceLength, long... lengths) {
        List<TorrentLayout.FileSpan> files = new ArrayList<>();
        long off = 0;
        for (int i = 0; i < lengths.length; i++) {
            files.add(new TorrentLayout.FileSpan(List.of("d", "f" + i), lengths[i], off));
            off += lengths[i];
        }
        List<byte[]> hashes = new ArrayList<>();
        for (int at = 0; at < content.length; at += pieceLength) {
            hashes.add(PieceStore.sha1(Arrays.copyOfRange(content, at, Math.min(content.length, at + pieceLength))));
        }
        return new TorrentLayout.Simple(pieceLength, content.length, files, hashes);
    }

    @Test
    void piecesSpanFileBoundariesAndLandInTheRightPlaces() throws IOException {
        byte[] content = new byte[10 + 0 + 25 + 7];
        new Random(1).nextBytes(content);
        TorrentLayout l = layout(content, 16, 10, 0, 25, 7);
        try (PieceStore s = PieceStore.openForDownload(dir, l)) {
            assertThat(l.pieceCount()).isEqualTo(3);
            // write pieces out of order, in odd-sized slices
            s.write(2, 0, Arrays.copyOfRange(content, 32, 42));
            s.write(0, 0, Arrays.copyOfRange(content, 0, 16));
            s.write(1, 5, Arrays.copyOfRange(content, 21, 32));
            assertThat(s.verify(1)).isFalse();
            s.write(1, 0, Arrays.copyOfRange(content, 16, 21));
            assertThat(s.verify(0)).isTrue();
            assertThat(s.verify(1)).isTrue();
            assertThat(s.verify(2)).isTrue();
            assertThat(s.read(0, 8, 8)).isEqualTo(Arrays.copyOfRange(content, 8, 16));
            assertThat(s.read(1, 0, 16)).isEqualTo(Arrays.copyOfRange(content, 16, 32));
        }
        assertThat(Files.readAllBytes(dir.resolve("d/f0"))).isEqualTo(Arrays.copyOfRange(content, 0, 10));
        assertThat(Files.size(dir.resolve("d/f1"))).isZero();
        assertThat(Files.readAllBytes(dir.resolve("d/f2"))).isEqualTo(Arrays.copyOfRange(content, 10, 35));
        assertThat(Files.readAllBytes(dir.resolve("d/f3"))).isEqualTo(Arrays.copyOfRange(content, 35, 42));
    }

    /** A page-aligned direct buffer holding {@code bytes}, as the swarm hands to the store (so direct I/O may be used). */
    private static java.nio.ByteBuffer aligned(byte[] bytes) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(bytes.length + 2 * PieceStore.DIRECT_ALIGNMENT)
                .alignedSlice(PieceStore.DIRECT_ALIGNMENT);
        return b.put(bytes).flip();
    }

    @Test
    void alignedBuffersLandExactlyAcrossFilesWhateverTheirAlignment() throws IOException {
        // f0 ends off any page boundary, so f1's pages are misaligned with the torrent's; f2 starts aligned again
        // and ends in a short last block. Some slices go by direct I/O, the rest buffered; all must land exactly.
        long[] lengths = {5 * 4096 + 123, 3 * 16384 - 123, 4 * 16384 + 777};
        byte[] content = new byte[(int) (lengths[0] + lengths[1] + lengths[2])];
        new Random(7).nextBytes(content);
        TorrentLayout l = layout(content, 2 * 16384, lengths);
        // Something already cached for f2 (as after a resume), overwritten by direct writes below.
        try (PieceStore s = PieceStore.openForDownload(dir, l)) {
            s.write(3, 0, new byte[16384]);
        }
        try (PieceStore s = PieceStore.openForDownload(dir, l)) {
            for (int piece = l.pieceCount() - 1; piece >= 0; piece--) { // last first: nothing depends on order
                int size = l.pieceSize(piece);
                for (int begin = 0; begin < size; begin += 16384) {
                    int n = Math.min(16384, size - begin);
                    int at = piece * l.pieceLength() + begin;
                    java.nio.ByteBuffer block = aligned(Arrays.copyOfRange(content, at, at + n));
                    s.write(piece, begin, block);
                    assertThat(block.remaining()).isEqualTo(n); // the caller's buffer is left alone
                }
            }
            for (int piece = 0; piece < l.pieceCount(); piece++) assertThat(s.verify(piece)).as("piece %d", piece).isTrue();
        }
        assertThat(Files.readAllBytes(dir.resolve("d/f0"))).isEqualTo(Arrays.copyOfRange(content, 0, (int) lengths[0]));
        assertThat(Files.readAllBytes(dir.resolve("d/f1")))
                .isEqualTo(Arrays.copyOfRange(content, (int) lengths[0], (int) (lengths[0] + lengths[1])));
        assertThat(Files.readAllBytes(dir.resolve("d/f2")))
                .isEqualTo(Arrays.copyOfRange(content, (int) (lengths[0] + lengths[1]), content.length));
    }

    @Test
    void filesArePreallocatedAndVerifyAllFindsTheGoodPieces() throws IOException {
        byte[] content = new byte[100_000];
        new Random(2).nextBytes(content);
        TorrentLayout l = layout(content, 16384, 60_000, 40_000);
        try (PieceStore s = PieceStore.openForDownload(dir, l)) {
            assertThat(Files.size(dir.resolve("d/f0"))).isEqualTo(60_000);
            assertThat(Files.size(dir.resolve("d/f1"))).isEqualTo(40_000);
            s.write(3, 0, Arrays.copyOfRange(content, 3 * 16384, 4 * 16384));
            s.write(6, 0, Arrays.copyOfRange(content, 6 * 16384, content.length));
            BitSet good = s.verifyAll(3, i -> {});
            BitSet expected = new BitSet();
            expected.set(3);
            expected.set(6);
            assertThat(good).isEqualTo(expected);
        }
    }

    @Test
    void verifyFoundHashesOnlyPiecesWithBytesThatWereThereBefore() throws IOException {
        byte[] content = new byte[100_000];
        new Random(3).nextBytes(content);
        TorrentLayout l = layout(content, 16384, 60_000, 40_000);
        Files.createDirectories(dir.resolve("d"));
        Files.write(dir.resolve("d/f0"), Arrays.copyOfRange(content, 0, 40_000)); // f0 cut short, f1 missing
        try (PieceStore s = PieceStore.openForDownload(dir, l)) {
            AtomicInteger hashedOrSkipped = new AtomicInteger();
            BitSet found = s.verifyFound(2, i -> hashedOrSkipped.incrementAndGet());
            BitSet expected = new BitSet();
            expected.set(0, 2); // pieces 0 and 1 lie in the bytes found; piece 2 runs past them
            assertThat(found).isEqualTo(expected);
            assertThat(hashedOrSkipped).hasValue(l.pieceCount());
            // What we write later counts only for a full check.
            s.write(4, 0, Arrays.copyOfRange(content, 4 * 16384, 5 * 16384));
            assertThat(s.verifyFound(2, i -> {}).get(4)).isFalse();
            assertThat(s.verifyAll(2, i -> {}).get(4)).isTrue();
        }
    }

    @Test
    void verifyFoundOfAFreshDownloadHashesNothingAndStartsNoThread() throws IOException {
        byte[] content = new byte[100_000];
        new Random(4).nextBytes(content);
        TorrentLayout l = layout(content, 16384, 60_000, 40_000);
        try (PieceStore s = PieceStore.openForDownload(dir, l)) {
            java.util.Set<Thread> callers = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicInteger checked = new AtomicInteger();
            BitSet found = s.verifyFound(2, i -> {
                callers.add(Thread.currentThread());
                checked.incrementAndGet();
            });
            assertThat(found.isEmpty()).isTrue();
            assertThat(checked).as("every piece still reported, for progress").hasValue(l.pieceCount());
            assertThat(callers).as("no hashing pool: the files were all just made").containsExactly(Thread.currentThread());
        }
    }

    @Test
    void seedingNeedsTheFilesAndRefusesToWrite() throws IOException {
        byte[] content = new byte[1000];
        TorrentLayout l = layout(content, 512, 1000);
        assertThatThrownBy(() -> PieceStore.openForSeeding(dir, l)).isInstanceOf(IOException.class);
        Files.createDirectories(dir.resolve("d"));
        Files.write(dir.resolve("d/f0"), content);
        try (PieceStore s = PieceStore.openForSeeding(dir, l)) {
            assertThat(s.verifyAll(1, i -> {}).cardinality()).isEqualTo(2);
            assertThatThrownBy(() -> s.write(0, 0, new byte[1])).isInstanceOf(Exception.class);
        }
    }

    @Test
    void blocksOutsideThePieceAreRefused() throws IOException {
        TorrentLayout l = layout(new byte[100], 64, 100);
        try (PieceStore s = PieceStore.openForDownload(dir, l)) {
            assertThatThrownBy(() -> s.read(1, 30, 10)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> s.read(2, 0, 1)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void pathsCannotLeaveTheFolder() {
        assertThatThrownBy(() -> PieceStore.resolve(dir, new TorrentLayout.FileSpan(List.of("..", "x"), 1, 0))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> PieceStore.resolve(dir, new TorrentLayout.FileSpan(List.of("a/../../b"), 1, 0))).isInstanceOf(IOException.class);
    }
}
