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
        java.util.List<ByteRange> ranges = switch (outcome) {
            case ByteRange.Partial p -> java.util.List.of(p.range());
            case ByteRange.Multipart m -> m.ranges();
            default -> java.util.List.of();
        };
        long total = 0;
        for (ByteRange r : ranges) {
            assertThat(r.first()).isBetween(0L, size - 1);
            assertThat(r.last()).isBetween(r.first(), size - 1);
            assertThat(r.length()).isPositive();
            total += r.length();
        }
        if (outcome instanceof ByteRange.Multipart m) {
            assertThat(m.ranges()).hasSizeBetween(2, ByteRange.MAX_RANGES);
            assertThat(total).isLessThanOrEqualTo(size); // never more bytes than the whole file
        }
    }
}
