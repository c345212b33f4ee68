package connectivity.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    static Frame read(String hex) throws Exception {
        return FrameCodec.read(new ByteArrayInputStream(HexFormat.of().parseHex(hex.replace(" ", ""))), 16_384);
    }

    static H2Exception refusal(String hex) {
        try {
            read(hex);
        } catch (H2Exception e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted " + hex);
    }

    @Test
    void everyTypeRoundTrips() throws Exception {
        List<Frame> frames = List.of(
                new Frame.Data(1, new byte[] {1, 2, 3}, true, 2),
                new Frame.Headers(3, new byte[] {(byte) 0x82}, false, true, new Frame.PriorityInfo(1, true, 256), -1),
                new Frame.Priority(5, new Frame.PriorityInfo(0, false, 16)),
                new Frame.RstStream(7, 8),
                new Frame.Settings(false, List.of(new Frame.Setting(Frame.Setting.INITIAL_WINDOW_SIZE, 1 << 20))),
                Frame.Settings.ACK,
                new Frame.PushPromise(1, 2, new byte[] {(byte) 0x82}, true, -1),
                new Frame.Ping(true, -1L),
                new Frame.GoAway(9, 11, "calm".getBytes()),
                new Frame.WindowUpdate(0, Integer.MAX_VALUE),
                new Frame.Continuation(3, new byte[] {1}, true),
                new Frame.Unknown(0x42, 0x3, 1, new byte[] {9}));
        for (Frame f : frames) {
            byte[] bytes = FrameCodec.encode(f);
            Frame back = FrameCodec.read(new ByteArrayInputStream(bytes), 16_384);
            assertThat(FrameCodec.encode(back)).as(f.toString()).isEqualTo(bytes);
            assertThat(back.getClass()).isEqualTo(f.getClass());
        }
        assertThat(((Frame.Data) FrameCodec.read(new ByteArrayInputStream(FrameCodec.encode(frames.get(0))), 16_384)).flowControlled())
                .isEqualTo(6);
    }

    @Test
    void framesOverTheMaximumSizeAreFrameSizeErrors() {
        assertThat(refusal("004001 00 00 00000001").code()).isEqualTo(ErrorCode.FRAME_SIZE_ERROR); // 16,385 bytes
        assertThat(refusal("000007 06 00 00000000 00000000000000").code()).isEqualTo(ErrorCode.FRAME_SIZE_ERROR); // PING of 7
        assertThat(refusal("000005 04 00 00000000 0000000000").code()).isEqualTo(ErrorCode.FRAME_SIZE_ERROR); // SETTINGS of 5
        assertThat(refusal("000006 04 01 00000000 000400000000").code()).isEqualTo(ErrorCode.FRAME_SIZE_ERROR); // ACK with payload
        assertThat(refusal("000003 08 00 00000000 000001").code()).isEqualTo(ErrorCode.FRAME_SIZE_ERROR);
        H2Exception priority = refusal("000004 02 00 00000003 00000000");
        assertThat(priority.code()).isEqualTo(ErrorCode.FRAME_SIZE_ERROR);
        assertThat(priority.connectionError()).isFalse();
    }

    @Test
    void wrongStreamsAndBadValuesAreProtocolErrors() {
        assertThat(refusal("000000 00 00 00000000").code()).isEqualTo(ErrorCode.PROTOCOL_ERROR); // DATA on 0
        assertThat(refusal("000008 06 00 00000001 0000000000000000").code()).isEqualTo(ErrorCode.PROTOCOL_ERROR); // PING on 1
        assertThat(refusal("000002 00 08 00000001 0500").code()).isEqualTo(ErrorCode.PROTOCOL_ERROR); // padding too long
        assertThat(refusal("000006 04 00 00000000 000200000002").code()).isEqualTo(ErrorCode.PROTOCOL_ERROR); // ENABLE_PUSH 2
        assertThat(refusal("000006 04 00 00000000 000500001000").code()).isEqualTo(ErrorCode.PROTOCOL_ERROR); // MAX_FRAME_SIZE 4096
        assertThat(refusal("000006 04 00 00000000 000480000000").code()).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR); // window 2^31
        assertThat(refusal("000004 08 00 00000000 00000000").connectionError()).isTrue(); // WINDOW_UPDATE of 0
        assertThat(refusal("000004 08 00 00000001 00000000").connectionError()).isFalse();
        assertThat(refusal("000005 02 00 00000001 0000000110").streamId()).isEqualTo(1); // depends on itself
    }

    @Test
    void endsAreCleanOnlyBetweenFrames() throws Exception {
        assertThat(read("")).isNull();
        assertThatThrownBy(() -> read("000008 06")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> read("000008 06 00 00000000 0000")).isInstanceOf(EOFException.class);
    }
}
