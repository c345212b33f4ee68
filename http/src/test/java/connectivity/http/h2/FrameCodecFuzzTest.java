package connectivity.http.h2;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Frames from a peer: {@link FrameCodec#read} returns frames no longer than the limit, or throws an
 * IOException (H2Exception, EOFException) and nothing else; each frame it returns encodes to bytes
 * that read back to a frame with the same encoding.
 */
class FrameCodecFuzzTest {
    private static final int MAX_FRAME = 16_384;

    @FuzzTest
    void framesReadOrAreRefused(byte[] input) {
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        for (int i = 0; i < 64; i++) {
            Frame f;
            try {
                f = FrameCodec.read(in, MAX_FRAME);
            } catch (IOException e) {
                return;
            }
            if (f == null) return;
            byte[] encoded = FrameCodec.encode(f);
            assertThat(encoded.length - FrameCodec.HEADER_LENGTH).isLessThanOrEqualTo(MAX_FRAME);
            try {
                Frame back = FrameCodec.read(new ByteArrayInputStream(encoded), MAX_FRAME);
                assertThat(FrameCodec.encode(back)).isEqualTo(encoded);
            } catch (IOException e) {
                throw new AssertionError("our own encoding of " + f + " did not read back", e);
            }
        }
    }
}
