package connectivity.call.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;

/**
 * Any frame a peer sends, read as a message of any family: {@link WireMessage#decode} and the family's
 * decoder return a typed message, which the codec writes back to exactly the frame's bytes, or throw
 * CallProtocolException; never anything else. The first input byte picks the family, the rest is the frame.
 */
class ProtocolCodecFuzzTest {
    private static final List<MessageChannel.Decoder<?>> FAMILIES = List.of(ProtocolCodec::rendezvous,
            ProtocolCodec::listener, ProtocolCodec::relay, ProtocolCodec::handshake, ProtocolCodec::inCall);

    @FuzzTest
    void decodeThenEncodeGivesTheFrame(byte[] input) {
        if (input.length < 1) return;
        MessageChannel.Decoder<?> family = FAMILIES.get(Byte.toUnsignedInt(input[0]) % FAMILIES.size());
        byte[] frame = Arrays.copyOfRange(input, 1, input.length);
        ProtocolMessage message;
        try {
            message = family.decode(WireMessage.decode(frame));
        } catch (CallProtocolException e) {
            return;
        }
        assertThat(ProtocolCodec.encode(message).encode()).as("%s", message).isEqualTo(frame);
    }
}
