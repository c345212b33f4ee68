package connectivity.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transferTo path of the connection's output, without a socket: order, counts, a file that shrank. */
class ServerOutputTest {
    @TempDir
    Path dir;

    /** One byte sequence seen through both the stream and the channel, as a socket's two faces are. */
    static final class Wire implements WritableByteChannel {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int channelWrites;
        boolean sometimesFull;

        @Override
        public int write(ByteBuffer src) {
            channelWrites++;
            if (sometimesFull && channelWrites % 3 == 0) return 0; // a full socket buffer on a non-blocking socket
            int n = Math.min(src.remaining(), 100_000); // short writes, as a socket makes them
            byte[] b = new byte[n];
            src.get(b);
            bytes.writeBytes(b);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    @Test
    void bufferedHeadGoesFirstThenTheFileRegionThroughTheChannel() throws IOException {
        byte[] content = new byte[1_000_000];
        for (int i = 0; i < content.length; i++) content[i] = (byte) (i * 31);
        Path file = Files.write(dir.resolve("f.bin"), content);
        Wire wire = new Wire();
        ServerOutput out = new ServerOutput(wire.bytes, wire, 8192);
        assertThat(out.transfersFiles()).isTrue();
        out.latin1("HTTP/1.1 206 Partial Content\r\n\r\n");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            out.transferFrom(ch, 10, content.length - 20);
        }
        out.flush();
        byte[] head = "HTTP/1.1 206 Partial Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] sent = wire.bytes.toByteArray();
        assertThat(java.util.Arrays.copyOfRange(sent, 0, head.length)).isEqualTo(head);
        assertThat(java.util.Arrays.copyOfRange(sent, head.length, sent.length))
                .isEqualTo(java.util.Arrays.copyOfRange(content, 10, content.length - 10));
        assertThat(out.written()).isEqualTo(head.length + content.length - 20);
        assertThat(wire.channelWrites).isGreaterThan(1);
        assertThat(new ServerOutput(wire.bytes, 8192).transfersFiles()).isFalse();
    }

    @Test
    void aFullSocketBufferIsWaitedOutThroughTheStreamAndNothingIsLostOrReordered() throws IOException {
        byte[] content = new byte[777_777];
        new java.util.Random(1).nextBytes(content);
        Path file = Files.write(dir.resolve("g.bin"), content);
        Wire wire = new Wire();
        wire.sometimesFull = true;
        ServerOutput out = new ServerOutput(wire.bytes, wire, 8192);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            out.transferFrom(ch, 0, content.length);
        }
        assertThat(wire.bytes.toByteArray()).isEqualTo(content);
        assertThat(out.written()).isEqualTo(content.length);
    }

    @Test
    void aFileShorterThanTheRegionIsAnErrorNotAHang() throws IOException {
        Path file = Files.write(dir.resolve("short.bin"), new byte[100]);
        Wire wire = new Wire();
        ServerOutput out = new ServerOutput(wire.bytes, wire, 8192);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> out.transferFrom(ch, 0, 1000)).hasMessage("file shrank while being sent");
        }
    }
}
