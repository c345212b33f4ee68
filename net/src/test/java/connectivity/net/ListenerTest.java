package connectivity.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ListenerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void servesEachConnectionOnItsOwnVirtualThread() throws Exception {
        Set<Boolean> virtual = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch bothInside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        try (Listener listener = Listener.start("t", LOOPBACK, 0, c -> {
            virtual.add(Thread.currentThread().isVirtual());
            threads.add(Thread.currentThread().toString());
            bothInside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            try (Connection a = Connection.dial("127.0.0.1", listener.port(), Duration.ofSeconds(5));
                    Connection b = Connection.dial("127.0.0.1", listener.port(), Duration.ofSeconds(5))) {
                // Both handlers are inside at the same time: one connection never waits for another.
                assertThat(bothInside.await(10, TimeUnit.SECONDS)).isTrue();
                release.countDown();
            }
        }
        assertThat(virtual).containsExactly(true);
        assertThat(threads).hasSize(2);
    }

    @Test
    void aHandlerThatThrowsEndsOnlyItsOwnConnection() throws Exception {
        try (Listener listener = Listener.start("t", LOOPBACK, 0, c -> {
            int first = c.input().read();
            if (first == 'x') throw new IllegalStateException("boom");
            c.output().write(first);
            c.output().flush();
        })) {
            try (Connection bad = Connection.dial("127.0.0.1", listener.port(), Duration.ofSeconds(5))) {
                bad.output().write('x');
                bad.output().flush();
                assertThat(bad.input().read()).isEqualTo(-1);
            }
            try (Connection good = Connection.dial("127.0.0.1", listener.port(), Duration.ofSeconds(5))) {
                good.output().write('y');
                good.output().flush();
                assertThat(good.input().read()).isEqualTo('y');
            }
        }
    }

    @Test
    void halfCloseLetsTheServerAnswerAfterTheClientFinishedSending() throws Exception {
        try (Listener listener = Listener.start("echo-upper", LOOPBACK, 0, c -> {
            byte[] all = c.input().readAllBytes();
            c.output().write(new String(all, StandardCharsets.US_ASCII).toUpperCase().getBytes(StandardCharsets.US_ASCII));
            c.output().flush();
        })) {
            try (Connection c = Connection.dial("127.0.0.1", listener.port(), Duration.ofSeconds(5))) {
                c.output().write("hello".getBytes(StandardCharsets.US_ASCII));
                c.shutdownOutput();
                assertThat(new String(c.input().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("HELLO");
            }
        }
    }

    @Test
    void shutdownLetsRequestsInFlightFinishAndThenRefusesNewConnections() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Listener listener = Listener.start("t", LOOPBACK, 0, c -> {
            inside.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.output().write('!');
            c.output().flush();
        });
        int port = listener.port();
        try (Connection c = Connection.dial("127.0.0.1", port, Duration.ofSeconds(5))) {
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            Thread stopper = Thread.ofVirtual().start(() -> listener.shutdown(Duration.ofSeconds(10)));
            await().atMost(Duration.ofSeconds(10)).until(() -> !canConnect(port));
            finish.countDown();
            assertThat(c.input().read()).isEqualTo('!');
            stopper.join(Duration.ofSeconds(10));
            assertThat(stopper.isAlive()).isFalse();
        }
        assertThat(listener.openConnections()).isZero();
    }

    @Test
    void readTimeoutEndsAReadThatWaitsTooLong() throws Exception {
        try (Listener listener = Listener.start("silent", LOOPBACK, 0, c -> c.input().read())) {
            try (Connection c = Connection.dial("127.0.0.1", listener.port(), Duration.ofSeconds(5))) {
                c.readTimeout(Duration.ofMillis(200));
                IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> c.input().read());
                assertThat(NetFailures.describe(e, Duration.ofMillis(200))).isEqualTo("timed out after 200 ms");
            }
        }
    }

    @Test
    void refusedConnectionIsNamedAsSuch() throws Exception {
        int port;
        try (Listener listener = Listener.start("gone", LOOPBACK, 0, c -> {})) {
            port = listener.port();
        }
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Connection.dial("127.0.0.1", port, Duration.ofSeconds(5)));
        assertThat(NetFailures.describe(e, Duration.ofSeconds(10))).isEqualTo("connection refused");
    }

    private static boolean canConnect(int port) {
        try (Connection c = Connection.dial("127.0.0.1", port, Duration.ofSeconds(1))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void manyConnectionsAreServedConcurrently() throws Exception {
        int n = 200;
        CountDownLatch all = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        try (Listener listener = Listener.start("many", LOOPBACK, 0, c -> {
            all.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            List<Connection> clients = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) clients.add(Connection.dial("127.0.0.1", listener.port(), Duration.ofSeconds(5)));
                assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
                assertThat(listener.openConnections()).isEqualTo(n);
            } finally {
                release.countDown();
                clients.forEach(Connection::close);
            }
        }
    }
}
