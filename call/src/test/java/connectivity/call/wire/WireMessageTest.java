package connectivity.call.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The field-message codec: today's bytes, pinned, so refactoring keeps the wire format. */
class WireMessageTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aMessageWithoutFieldsIsItsTypeAndAZeroCount() {
        assertThat(HEX.formatHex(WireMessage.of("PING").encode())).isEqualTo("0004" + "50494e47" + "0000");
    }

    @Test
    void fieldsKeepTheirOrderAndTheBodyFollowsThem() {
        WireMessage m = WireMessage.of("CALL", "call", "c1", "to", "bob").withBody(new byte[] {1, 2});
        assertThat(HEX.formatHex(m.encode())).isEqualTo(
                "0004" + "43414c4c" + "0002"
                        + "0004" + "63616c6c" + "0002" + "6331"
                        + "0002" + "746f" + "0003" + "626f62"
                        + "0102");
    }

    @Test
    void decodeReversesEncode() throws Exception {
        WireMessage m = WireMessage.of("WHO_LIST", "names", "alice,bob", "more", "3").withBody(new byte[] {9});
        WireMessage back = WireMessage.decode(m.encode());
        assertThat(back.type()).isEqualTo("WHO_LIST");
        assertThat(back.fields()).containsExactly(java.util.Map.entry("names", "alice,bob"), java.util.Map.entry("more", "3"));
        assertThat(back.body()).containsExactly(9);
    }

    @Test
    void malformedInputIsTheProtocolsOwnError() {
        assertThatThrownBy(() -> WireMessage.decode(new byte[] {0, 9, 'x'})).isInstanceOf(CallProtocolException.class);
        assertThatThrownBy(() -> WireMessage.decode(new byte[] {0, 0, 0, 0})).isInstanceOf(CallProtocolException.class);
        assertThatThrownBy(() -> WireMessage.decode(new byte[] {0, 1, (byte) 0xff, 0, 0}))
                .isInstanceOf(CallProtocolException.class);
    }

    // Found by ProtocolCodecFuzzTest: FAILED with field call twice decoded with the second value only and wrote back shorter.
    @Test
    void aRepeatedFieldIsAProtocolError() {
        byte[] twice = HEX.parseHex("00064641494c4544" + "0002" + "000463616c6c" + "0002" + "0002" + "000463616c6c" + "00026300");
        assertThatThrownBy(() -> WireMessage.decode(twice)).isInstanceOf(CallProtocolException.class)
                .hasMessage("FAILED repeats field call");
    }
}
