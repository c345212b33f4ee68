package connectivity.torrent.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Bencode is canonical (sorted keys, no leading zeros), so whatever the strict decoder accepts must
 * encode back to exactly the bytes it came from; anything else must be a BencodeException.
 */
class BencodeFuzzTest {
    @FuzzTest
    void decodeThenEncodeGivesTheInput(byte[] input) {
        BValue value;
        try {
            value = Bencode.decode(input);
        } catch (BencodeException e) {
            return;
        }
        assertThat(Bencode.encode(value)).isEqualTo(input);
    }

    @FuzzTest
    void prefixDecodesToItsOwnBytes(byte[] input) {
        Bencode.Prefix prefix;
        try {
            prefix = Bencode.decodePrefix(input, 0, input.length);
        } catch (BencodeException e) {
            return;
        }
        assertThat(prefix.end()).isBetween(1, input.length);
        assertThat(Bencode.encode(prefix.value())).isEqualTo(Arrays.copyOfRange(input, 0, prefix.end()));
    }
}
