package connectivity.http.h2;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Header blocks from a peer, several in a row against one dynamic table: each decodes to a header list
 * within the list limit, or throws HpackException (and nothing else); the table never exceeds its
 * maximum; what decodes, encoded by our encoder, decodes back to the same list.
 */
class HpackFuzzTest {
    private static final int TABLE = 256;
    private static final int LIST_LIMIT = 4096;

    @FuzzTest
    void decodesWithinLimitsOrRefuses(byte[] input) {
        HpackDecoder decoder = new HpackDecoder(TABLE, LIST_LIMIT);
        HpackEncoder encoder = new HpackEncoder(TABLE);
        HpackDecoder again = new HpackDecoder(TABLE, LIST_LIMIT);
        // Blocks are separated by 0xff 0x00 0xff, so one input exercises the table across blocks.
        for (byte[] block : split(input)) {
            List<HeaderField> fields;
            try {
                fields = decoder.decode(block);
            } catch (HpackException e) {
                return; // after a malformed block the connection ends; a too-large one only loses the stream
            }
            assertThat(decoder.tableSize()).isLessThanOrEqualTo(TABLE);
            long size = 0;
            for (HeaderField f : fields) size += f.size();
            assertThat(size).isLessThanOrEqualTo(LIST_LIMIT);
            try {
                assertThat(again.decode(encoder.encode(fields))).isEqualTo(fields);
            } catch (HpackException e) {
                throw new AssertionError("our own encoding did not decode", e);
            }
        }
    }

    private static List<byte[]> split(byte[] input) {
        List<byte[]> blocks = new ArrayList<>();
        int start = 0;
        for (int i = 0; i + 2 < input.length; i++) {
            if (input[i] == (byte) 0xff && input[i + 1] == 0 && input[i + 2] == (byte) 0xff) {
                blocks.add(Arrays.copyOfRange(input, start, i));
                start = i + 3;
                i += 2;
            }
        }
        blocks.add(Arrays.copyOfRange(input, start, input.length));
        return blocks;
    }
}
