package connectivity.call.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FramesTest {
    @Property(tries = 200)
    void framesRoundTrip(@ForAll @Size(max = 5) java.util.List<byte[]> payloads) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : payloads) Frames.write(out, p);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        for (byte[] p : payloads) assertThat(Frames.read(in, 1 << 20)).isEqualTo(p);
        assertThat(Frames.read(in, 1 << 20)).isNull();
    }

    @Test
    void oversizedFrameIsRefusedBeforeReadingItsBody() {
        byte[] header = Frames.header(Frames.MAX_CONTROL + 1);
        assertThatThrownBy(() -> Frames.read(new ByteArrayInputStream(header), Frames.MAX_CONTROL))
                .isInstanceOf(CallProtocolException.class).hasMessageContaining("exceeds the limit");
    }

    @Test
    void truncatedFrameIsAnError() {
        byte[] bytes = {0, 0, 0, 10, 1, 2, 3};
        assertThatThrownBy(() -> Frames.read(new ByteArrayInputStream(bytes), 100)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> Frames.read(new ByteArrayInputStream(new byte[] {0, 0}), 100)).isInstanceOf(EOFException.class);
    }

    @Property(tries = 200)
    void messagesRoundTrip(@ForAll String type, @ForAll String key, @ForAll String value, @ForAll byte[] body) throws Exception {
        if (type.isEmpty()) type = "T";
        WireMessage m = WireMessage.of(type, key, value).withBody(body);
        WireMessage back = WireMessage.decode(m.encode());
        assertThat(back.type()).isEqualTo(m.type());
        assertThat(back.fields()).isEqualTo(m.fields());
        assertThat(back.body()).isEqualTo(body);
    }

    @Property(tries = 500)
    void garbageNeverDecodesIntoAnythingButAProtocolError(@ForAll byte[] garbage) {
        try {
            WireMessage.decode(garbage);
        } catch (CallProtocolException expected) {
            // refusing is fine; anything else (a runtime exception) fails the property
        }
    }

    @Test
    void missingFieldIsTheSendersProtocolError() {
        assertThatThrownBy(() -> WireMessage.of("LOGIN").get("name")).isInstanceOf(CallProtocolException.class)
                .hasMessageContaining("lacks field name");
    }
}
