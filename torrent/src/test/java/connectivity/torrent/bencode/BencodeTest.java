package connectivity.torrent.bencode;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BencodeTest {
    private static byte[] b(String s) {
        return s.getBytes(ISO_8859_1);
    }

    @Test
    void decodesEveryKind() throws Exception {
        BValue v = Bencode.decode(b("d1:ai-42e1:bl3:xyzi0eee"));
        assertThat(v).isEqualTo(BDict.builder()
                .put("a", -42)
                .put("b", BList.of(BBytes.of("xyz"), BInt.of(0)))
                .build());
    }

    @Test
    void integersCoverTheWholeLongRange() throws Exception {
        assertThat(Bencode.decode(b("i9223372036854775807e"))).isEqualTo(BInt.of(Long.MAX_VALUE));
        assertThat(Bencode.decode(b("i-9223372036854775808e"))).isEqualTo(BInt.of(Long.MIN_VALUE));
    }

    @Test
    void bytesStayBytes() throws Exception {
        byte[] raw = {(byte) 0xff, 0, (byte) 0xc3};
        byte[] encoded = Bencode.encode(BBytes.of(raw));
        BBytes decoded = (BBytes) Bencode.decode(encoded);
        assertThat(decoded.bytes()).containsExactly(raw);
        assertThat(decoded.utf8()).isEmpty();
    }

    @Test
    void encoderSortsKeysByUnsignedBytes() {
        BDict d = new BDict(java.util.Map.of(
                BBytes.of(new byte[] {(byte) 0x80}), BInt.of(1),
                BBytes.of("b"), BInt.of(2),
                BBytes.of("a"), BInt.of(3)));
        assertThat(new String(Bencode.encode(d), ISO_8859_1)).isEqualTo("d1:ai3e1:bi2e1:\u0080i1ee");
    }

    @Test
    void rawValueIsTheExactInputSpan() throws Exception {
        byte[] input = b("d4:infod1:xi1ee4:zzzzi7ee");
        BDict d = Bencode.decodeDict(input);
        assertThat(new String(d.rawValue("info").orElseThrow(), ISO_8859_1)).isEqualTo("d1:xi1ee");
        assertThat(new String(d.rawValue("zzzz").orElseThrow(), ISO_8859_1)).isEqualTo("i7e");
        assertThat(d.rawValue("missing")).isEmpty();
    }

    @Test
    void decodePrefixLeavesTheRest() throws Exception {
        byte[] input = b("d1:ai1eePAYLOAD");
        Bencode.Prefix p = Bencode.decodePrefix(input, 0, input.length);
        assertThat(p.end()).isEqualTo(8);
        assertThat(p.value()).isEqualTo(BDict.builder().put("a", 1).build());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "i03e | leading zero",
        "i-0e | negative zero",
        "ie | expected a digit",
        "i-e | expected a digit",
        "i12 | unexpected end",
        "i1x2e | expected 'e'",
        "i9223372036854775808e | out of 64-bit range",
        "i-9223372036854775809e | out of 64-bit range",
        "03:abc | leading zero",
        "5:abc | exceeds the remaining",
        "9223372036854775808:x | exceeds the remaining",
        "3abc | expected ':'",
        "d1:bi1e1:ai2ee | out of sorted order",
        "d1:ai1e1:ai2ee | duplicate dictionary key",
        "di1ei2ee | expected a byte string as dictionary key",
        "d1:ae | has no value",
        "d1:a | unexpected end",
        "l | unexpected end",
        "i1ei2e | trailing byte",
        "lee | trailing byte",
        "x | expected 'i', 'l', 'd' or a digit",
        "'' | unexpected end",
    })
    void refusesNonCanonicalOrBrokenInput(String input, String problem) {
        assertThatThrownBy(() -> Bencode.decode(b(input.strip())))
                .isInstanceOf(BencodeException.class)
                .hasMessageContaining(problem)
                .hasMessageContaining("at byte");
    }

    @Test
    void reportsTheOffsetOfTheProblem() {
        assertThatThrownBy(() -> Bencode.decode(b("d1:ai1e1:bi01ee")))
                .isInstanceOfSatisfying(BencodeException.class, e -> assertThat(e.offset()).isEqualTo(11));
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        byte[] deep = b("l".repeat(100_000) + "e".repeat(100_000));
        assertThatThrownBy(() -> Bencode.decode(deep)).isInstanceOf(BencodeException.class).hasMessageContaining("nesting deeper than 512");
    }

    @Test
    void nestingUpToTheLimitIsAccepted() throws Exception {
        byte[] ok = b("l".repeat(512) + "e".repeat(512));
        BValue v = Bencode.decode(ok);
        int depth = 0;
        while (v instanceof BList l && l.size() > 0) {
            v = l.get(0);
            depth++;
        }
        assertThat(depth).isEqualTo(511);
    }

    @Test
    void theNumberOfValuesIsLimitedKeysIncluded() throws Exception {
        // The dictionary, key a, 1, key b and the empty list.
        byte[] five = b("d1:ai1e1:blee");
        assertThat(Bencode.decode(five, 16, 5)).isInstanceOf(BDict.class);
        assertThatThrownBy(() -> Bencode.decode(five, 16, 4)).isInstanceOf(BencodeException.class).hasMessageContaining("more than 4 values");
    }

    /** Two million empty strings fit in 4 MB of input but would take far more heap as objects. */
    @Test
    void aFlatListOfTinyValuesBeyondTheDefaultLimitIsRefused() {
        byte[] many = b("l" + "0:".repeat(Bencode.DEFAULT_MAX_VALUES) + "e");
        assertThatThrownBy(() -> Bencode.decode(many)).isInstanceOf(BencodeException.class)
                .hasMessageContaining("more than " + Bencode.DEFAULT_MAX_VALUES + " values");
    }

    @Test
    void valuesCompareByContent() throws Exception {
        assertThat(Bencode.decode(b("l1:ae"))).isEqualTo(new BList(List.of(BBytes.of("a"))));
        assertThat(BBytes.of("a").hashCode()).isEqualTo(BBytes.of("a").hashCode());
    }
}
