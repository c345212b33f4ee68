package connectivity.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BytePumpTest {
    @Test
    void copyMovesEveryByte() throws Exception {
        byte[] data = new byte[1_000_003];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(BytePump.copy(new ByteArrayInputStream(data), out)).isEqualTo(data.length);
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void copyRefusesMoreThanTheLimit() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var e = assertThrows(BytePump.LimitExceededException.class,
                () -> BytePump.copy(new ByteArrayInputStream(new byte[100]), out, 60));
        assertThat(e.limit()).isEqualTo(60);
        assertThat(out.size()).isEqualTo(60);
    }

    /** Two clients meet at a splicing server: what one sends, the other reads, both ways, then both see EOF. */
    @Test
    void spliceCarriesBothDirectionsAndPropagatesHalfClose() throws Exception {
        CompletableFuture<Connection> first = new CompletableFuture<>();
        CompletableFuture<BytePump.Totals> totals = new CompletableFuture<>();
        try (Listener relay = Listener.start("relay", InetAddress.getLoopbackAddress(), 0, c -> {
            if (first.complete(c)) {
                try {
                    totals.get(20, TimeUnit.SECONDS); // keep the first connection open while the pair is pumped
                } catch (Exception e) {
                    throw new java.io.IOException(e);
                }
                return;
            }
            try {
                totals.complete(BytePump.splice(first.join(), c, 10_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            byte[] fromA = new byte[300_000];
            byte[] fromB = new byte[123_456];
            new Random(1).nextBytes(fromA);
            new Random(2).nextBytes(fromB);
            try (Connection a = Connection.dial("127.0.0.1", relay.port(), Duration.ofSeconds(5))) {
                first.get(10, TimeUnit.SECONDS);
                try (Connection b = Connection.dial("127.0.0.1", relay.port(), Duration.ofSeconds(5))) {
                    CompletableFuture<byte[]> bRead = CompletableFuture.supplyAsync(() -> readAll(b));
                    a.output().write(fromA);
                    a.shutdownOutput();
                    b.output().write(fromB);
                    b.shutdownOutput();
                    assertThat(readAll(a)).isEqualTo(fromB);
                    assertThat(bRead.get(10, TimeUnit.SECONDS)).isEqualTo(fromA);
                }
            }
            assertThat(totals.get(10, TimeUnit.SECONDS)).isEqualTo(new BytePump.Totals(fromA.length, fromB.length));
        }
    }

    private static byte[] readAll(Connection c) {
        try {
            return c.input().readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
