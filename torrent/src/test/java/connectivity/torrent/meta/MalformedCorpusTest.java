package connectivity.torrent.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of our own malformed corpus is refused with one clear line, never anything else. */
@Timeout(60)
class MalformedCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/malformed");

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".torrent")).sorted().toList();
            assertThat(files).hasSizeGreaterThan(40);
            return files.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedWithOneClearLine(Path file) {
        assertThatThrownBy(() -> Metainfo.read(file))
                .isInstanceOf(MetainfoException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").hasSizeLessThan(200);
                    assertThat(e.getMessage()).doesNotContain("Exception");
                });
    }

    @Test
    void theReferenceFileTheCorpusWasCutFromIsValid() throws Exception {
        Metainfo m = Metainfo.read(CORPUS.resolve("valid-reference.torrent.ok"));
        assertThat(m.info().name()).isEqualTo("file.bin");
        assertThat(m.info().pieceCount()).isEqualTo(2);
    }
}
