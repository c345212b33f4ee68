package connectivity.torrent.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class MetainfoPropertiesTest {
    private static final byte[] VALID;

    static {
        try {
            VALID = Files.readAllBytes(Path.of("src/test/resources/malformed/valid-reference.torrent.ok"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Any corruption of a valid torrent is either still a torrent or a MetainfoException; nothing else escapes. */
    @Property(tries = 3000)
    void mutationsOnlyEverGiveMetainfoException(@ForAll @IntRange(min = 0, max = 4) int edits,
            @ForAll("positions") int[] positions, @ForAll byte[] values, @ForAll @IntRange(min = 0, max = 200) int cut) {
        byte[] b = VALID.clone();
        for (int i = 0; i < Math.min(edits, Math.min(positions.length, values.length)); i++) {
            b[Math.floorMod(positions[i], b.length)] = values[i];
        }
        if (cut > 0) b = java.util.Arrays.copyOf(b, Math.max(0, b.length - cut));
        try {
            Metainfo m = Metainfo.parse(b);
            assertThat(m.info().pieceCount()).isEqualTo((int) Info.expectedPieceCount(m.info().totalLength(), m.info().pieceLength()));
        } catch (MetainfoException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<int[]> positions() {
        return net.jqwik.api.Arbitraries.integers().array(int[].class).ofSize(4);
    }
}
