package connectivity.torrent.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The peer wire codec reads a stream of messages from a hostile peer: each is a Message or an
 * IOException (PeerProtocolException, EOFException), never another exception; and every message it
 * accepts (except an unknown id, which it skips) writes back to exactly the bytes it was read from.
 */
class WireCodecFuzzTest {
    @FuzzTest
    void readThenWriteGivesTheBytes(byte[] input) throws IOException {
        if (input.length < 2) return;
        int pieceCount = ((input[0] & 0xff) << 8 | (input[1] & 0xff)) + 1;
        byte[] stream = Arrays.copyOfRange(input, 2, input.length);
        WireCodec codec = new WireCodec(pieceCount);
        ByteArrayInputStream bytes = new ByteArrayInputStream(stream);
        DataInputStream in = new DataInputStream(bytes);
        while (bytes.available() > 0) {
            int start = stream.length - bytes.available();
            Message m;
            try {
                m = codec.read(in);
            } catch (IOException e) {
                return;
            }
            int end = stream.length - bytes.available();
            if (m instanceof Message.Unknown u) {
                assertThat(u.length()).isEqualTo(end - start - 4);
                continue;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            WireCodec.write(new DataOutputStream(out), m);
            assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(stream, start, end));
        }
    }
}
