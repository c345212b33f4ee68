package connectivity.torrent.magnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Magnet links come from users, web pages and other programs: the parser's contract on any text. */
class MagnetLinkFuzzTest {
    /**
     * A MagnetException, or a link within its bounds whose own {@code toUri()} parses back to it (so what we print,
     * for {@code torrent magnet}, is what we read).
     */
    @FuzzTest
    void parsesOrRefuses(byte[] input) throws MagnetException {
        String text = new String(input, StandardCharsets.UTF_8);
        MagnetLink link;
        try {
            link = MagnetLink.parse(text);
        } catch (MagnetException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            return;
        }
        assertThat(link.trackers()).hasSizeLessThanOrEqualTo(MagnetLink.MAX_TRACKERS).doesNotHaveDuplicates();
        assertThat(link.peers()).hasSizeLessThanOrEqualTo(MagnetLink.MAX_PEERS).doesNotHaveDuplicates();
        link.peers().forEach(p -> assertThat(p.port()).isBetween(1, 65535));
        String again = link.toUri();
        if (again.length() <= MagnetLink.MAX_LENGTH) assertThat(MagnetLink.parse(again)).isEqualTo(link); // escapes may lengthen it

    }
}
