package connectivity.call.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The frame layer under every call protocol: a stream of frames from a peer reads as frames, a clean
 * end, or an IOException (CallProtocolException over the limit, EOFException inside a frame); each frame
 * read writes back to exactly its bytes and is never larger than the limit.
 */
class FramesFuzzTest {
    @FuzzTest
    void framesRoundTrip(byte[] input) throws IOException {
        if (input.length < 1) return;
        int max = (input[0] & 1) == 0 ? Frames.MAX_CONTROL : 300;
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);
        ByteArrayInputStream in = new ByteArrayInputStream(stream);
        while (true) {
            int start = stream.length - in.available();
            byte[] frame;
            try {
                frame = Frames.read(in, max);
            } catch (IOException e) {
                return;
            }
            if (frame == null) {
                assertThat(start).isEqualTo(stream.length);
                return;
            }
            assertThat(frame.length).isLessThanOrEqualTo(max);
            int end = stream.length - in.available();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Frames.write(out, frame);
            assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(stream, start, end));
        }
    }
}
