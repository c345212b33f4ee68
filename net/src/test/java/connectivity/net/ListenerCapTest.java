package connectivity.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ListenerCapTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Each handler says it is inside, then holds its connection until the client closes it. */
    private static ConnectionHandler holdUntilClosed(Semaphore inside) {
        return c -> {
            inside.release();
            while (c.input().read() >= 0) {
                // the client decides when this connection ends
            }
        };
    }

    private static Connection dial(Listener l) throws IOException {
        Connection c = Connection.dial("127.0.0.1", l.port(), Duration.ofSeconds(5));
        c.readTimeout(Duration.ofSeconds(10));
        return c;
    }

    @Test
    void refusesPastTheCapAndAdmitsAgainOnceAConnectionEnds() throws Exception {
        Semaphore inside = new Semaphore(0);
        try (Listener listener = Listener.start("capped", LOOPBACK, 0, holdUntilClosed(inside),
                Listener.Options.defaults().withMaxConnections(2))) {
            Connection a = dial(listener);
            Connection b = dial(listener);
            assertThat(inside.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();

            try (Connection third = dial(listener)) {
                assertThat(third.input().read()).as("the third is closed at once").isEqualTo(-1);
            }
            assertThat(listener.refusedConnections()).isEqualTo(1);
            assertThat(inside.availablePermits()).isZero();

            a.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.openConnections() == 1);
            try (Connection fourth = dial(listener)) {
                assertThat(inside.tryAcquire(10, TimeUnit.SECONDS)).as("admitted after one closed").isTrue();
            }
            b.close();
            assertThat(listener.acceptedConnections()).isEqualTo(3);
            assertThat(listener.refusedConnections()).isEqualTo(1);
        }
    }

    @Test
    void aRefusalHookAnswersTheConnectionsPastTheCap() throws Exception {
        Semaphore inside = new Semaphore(0);
        Listener.Refusal busy = c -> {
            c.output().write("busy\n".getBytes(StandardCharsets.US_ASCII));
            c.output().flush();
        };
        try (Listener listener = Listener.start("capped", LOOPBACK, 0, holdUntilClosed(inside),
                Listener.Options.defaults().withMaxConnections(1).withRefusal(busy));
                Connection first = dial(listener)) {
            assertThat(inside.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            try (Connection second = dial(listener)) {
                assertThat(new String(second.input().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("busy\n");
            }
            assertThat(listener.refusedConnections()).isEqualTo(1);
            assertThat(listener.maxConnections()).isEqualTo(1);
        }
    }

    @Test
    void theCapMustBePositive() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Listener.Options.defaults().withMaxConnections(0));
        assertThat(Listener.Options.defaults().maxConnections()).isEqualTo(10_000);
    }
}
