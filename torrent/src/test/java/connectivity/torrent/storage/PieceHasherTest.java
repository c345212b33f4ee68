package connectivity.torrent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceHasherTest {
    @TempDir
    Path dir;

    private final byte[] content = new byte[3 * 1000 + 500]; // one piece of 3500 bytes in blocks of 1000

    private PieceStore store() throws IOException {
        new Random(7).nextBytes(content);
        TorrentLayout l = new TorrentLayout.Simple(content.length, content.length,
                List.of(new TorrentLayout.FileSpan(List.of("f"), content.length, 0)), List.of(PieceStore.sha1(content)));
        return PieceStore.openForDownload(dir, l);
    }

    private void writeBlock(PieceStore s, PieceHasher h, int begin, byte[] data) throws IOException {
        s.write(0, begin, data);
        h.written(begin, data);
    }

    private byte[] block(int begin) {
        return Arrays.copyOfRange(content, begin, Math.min(content.length, begin + 1000));
    }

    @Test
    void blocksInAnyOrderGiveThePiecesHash() throws IOException {
        for (int[] order : new int[][] {{0, 1, 2, 3}, {3, 2, 1, 0}, {0, 2, 1, 3}, {1, 0, 3, 2}}) {
            try (PieceStore s = store()) {
                PieceHasher h = new PieceHasher(0);
                for (int b : order) writeBlock(s, h, b * 1000, block(b * 1000));
                assertThat(h.verify(s)).as("order %s", Arrays.toString(order)).isTrue();
            }
        }
    }

    @Test
    void aCorruptBlockFailsWhetherHashedFromMemoryOrFromDisk() throws IOException {
        for (int corrupt = 0; corrupt < 4; corrupt++) {
            for (boolean reversed : new boolean[] {false, true}) {
                try (PieceStore s = store()) {
                    PieceHasher h = new PieceHasher(0);
                    for (int i = 0; i < 4; i++) {
                        int b = reversed ? 3 - i : i;
                        byte[] data = block(b * 1000);
                        if (b == corrupt) data[data.length / 2] ^= 1;
                        writeBlock(s, h, b * 1000, data);
                    }
                    assertThat(h.verify(s)).as("block %d corrupt, reversed %s", corrupt, reversed).isFalse();
                }
            }
        }
    }
}
