package connectivity.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionTest {
    @Test
    void takingTheChannelHandsOverTheBytesTheStreamHadReadAhead() throws Exception {
        CompletableFuture<String> rest = new CompletableFuture<>();
        try (Listener listener = Listener.start("take", InetAddress.getLoopbackAddress(), 0, c -> {
            c.readTimeout(Duration.ofSeconds(10));
            c.input().read(); // one byte through the stream; the rest of the first segment sits in its buffer
            c.output().write('>'); // buffered: takeChannel must flush it
            Connection.Taken taken = c.takeChannel();
            assertThrows(IllegalStateException.class, c::input);
            assertThrows(IllegalStateException.class, c::output);
            ByteBuffer all = ByteBuffer.allocate(64);
            all.put(taken.buffered());
            while (all.position() < "ello world".length() && taken.channel().read(all) >= 0) {
                // until the whole rest has arrived
            }
            rest.complete(new String(all.array(), 0, all.position(), StandardCharsets.US_ASCII));
        })) {
            try (Connection c = Connection.dial("127.0.0.1", listener.port(), Duration.ofSeconds(5))) {
                c.readTimeout(Duration.ofSeconds(10));
                c.output().write("hello".getBytes(StandardCharsets.US_ASCII));
                c.output().flush();
                assertThat(c.input().read()).isEqualTo('>');
                c.output().write(" world".getBytes(StandardCharsets.US_ASCII));
                c.output().flush();
                assertThat(rest.get(10, TimeUnit.SECONDS)).isEqualTo("ello world");
            }
        }
    }

    @Test
    void aConnectionNobodyReadsFromTakesItsChannelWithNothingBuffered() throws Exception {
        CompletableFuture<Integer> buffered = new CompletableFuture<>();
        try (Listener listener = Listener.start("take", InetAddress.getLoopbackAddress(), 0,
                c -> buffered.complete(c.takeChannel().buffered().remaining()));
                Connection c = Connection.dial("127.0.0.1", listener.port(), Duration.ofSeconds(5))) {
            assertThat(buffered.get(10, TimeUnit.SECONDS)).isZero();
        }
    }
}
