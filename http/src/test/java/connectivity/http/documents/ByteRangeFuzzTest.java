package connectivity.http.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** How the document server reads a Range header from a client. */
class ByteRangeFuzzTest {
    /** Any Range header against any length: whole, a range inside the representation, or 416; nothing thrown. */
    @FuzzTest
    void rangeResolvesInsideTheRepresentation(byte[] input) {
        if (input.length < 8) return;
        long size = java.nio.ByteBuffer.wrap(input, 0, 8).getLong() & Long.MAX_VALUE;
        if ((input[0] & 0x80) != 0) size %= 4096;
        String header = new String(input, 8, input.length - 8, StandardCharsets.ISO_8859_1);
        ByteRange.Outcome outcome = ByteRange.parse(header, size);
        if (outcome instanceof ByteRange.Partial p) {
            assertThat(p.range().first()).isBetween(0L, size - 1);
            assertThat(p.range().last()).isBetween(p.range().first(), size - 1);
            assertThat(p.range().length()).isPositive();
        }
    }
}
