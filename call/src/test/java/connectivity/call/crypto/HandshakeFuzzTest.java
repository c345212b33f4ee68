package connectivity.call.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import connectivity.call.wire.CallProtocolException;
import connectivity.call.wire.HandshakeMessage;
import connectivity.call.wire.HandshakeMessage.Hello;
import connectivity.call.wire.HandshakeMessage.InitiatorHello;
import connectivity.call.wire.HandshakeMessage.ResponderHello;
import connectivity.call.wire.ProtocolCodec;
import connectivity.call.wire.WireMessage;
import connectivity.call.wire.Frames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * What a peer sends during the handshake, before anything is authenticated: each frame decodes to a
 * handshake record that writes back to exactly its bytes, or is a CallProtocolException; the keys in
 * a hello are keys or a CallProtocolException; and the transcript hash of two hellos is the hash of
 * their frames as they came, so both sides sign the same bytes. The input is two frames, the first
 * one's length in the first two bytes.
 */
class HandshakeFuzzTest {
    @FuzzTest
    void handshakeRecordsRoundTrip(byte[] input) throws Exception {
        if (input.length < 2) return;
        int split = Math.min(input.length - 2, ((input[0] & 0xff) << 8) | (input[1] & 0xff));
        byte[] first = Arrays.copyOfRange(input, 2, 2 + split);
        byte[] second = Arrays.copyOfRange(input, 2 + split, input.length);
        HandshakeMessage a = readOrNull(first);
        HandshakeMessage b = readOrNull(second);
        if (a instanceof InitiatorHello hi && b instanceof ResponderHello hr) {
            byte[] expected = transcriptOfFrames(first, second);
            assertThat(ChannelHandshake.transcriptHash(hi, hr)).isEqualTo(expected);
        }
    }

    private static HandshakeMessage readOrNull(byte[] frame) {
        HandshakeMessage m;
        try {
            m = ProtocolCodec.handshake(WireMessage.decode(frame));
        } catch (CallProtocolException e) {
            return null;
        }
        assertThat(ProtocolCodec.encode(m).encode()).as("%s", m).isEqualTo(frame);
        if (m instanceof Hello h) {
            keyOrRefusal(() -> Keys.ed25519(h.key()));
            keyOrRefusal(() -> Keys.x25519(h.ephemeral()));
        }
        return m;
    }

    /** SHA-256 over the label and the two frames with their length headers, computed here independently. */
    private static byte[] transcriptOfFrames(byte[] a, byte[] b) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update("conn-call-v1".getBytes(StandardCharsets.US_ASCII));
        d.update(Frames.header(a.length));
        d.update(a);
        d.update(Frames.header(b.length));
        d.update(b);
        return d.digest();
    }

    interface KeyRead {
        Object read() throws CallProtocolException;
    }

    private static void keyOrRefusal(KeyRead read) {
        try {
            assertThat(read.read()).isNotNull();
        } catch (CallProtocolException e) {
            // junk refused: the contract
        }
    }
}
