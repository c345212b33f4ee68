package connectivity.http.server;

import static connectivity.http.server.RawClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Thousands of idle keep-alive connections cost a virtual thread each and do not stop new work. */
@Timeout(120)
class ManyConnectionsTest {
    private static final int CONNECTIONS = 5_000;

    @Test
    void fiveThousandIdleKeepAliveConnectionsAndANewRequestIsStillAnswered() throws IOException {
        // Client and server sockets live in this JVM: two descriptors per connection.
        long limit = maxFileDescriptors();
        long needed = 2L * CONNECTIONS + 1_000;
        assumeTrue(limit >= needed, () -> "the file descriptor limit is " + limit + ", this test needs "
                + needed + " (run with ulimit -n 20000, as .ci/run does)");
        HttpServer server = HttpServer.builder().port(0).idleTimeout(Duration.ofMinutes(5))
                .route("/", r -> Response.text(200, "ok " + r.path())).build().start();
        List<RawClient> clients = new ArrayList<>(CONNECTIONS);
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                RawClient c = RawClient.connect(server.port());
                clients.add(c);
                assertThat(c.exchange(get("/c" + i)).text()).isEqualTo("ok /c" + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.openConnections() == CONNECTIONS);

            try (RawClient fresh = RawClient.connect(server.port())) {
                assertThat(fresh.exchange(get("/fresh")).text()).isEqualTo("ok /fresh");
            }
            // The idle ones are still alive and usable.
            for (int i = 0; i < CONNECTIONS; i += 499) {
                assertThat(clients.get(i).exchange(get("/again" + i)).text()).isEqualTo("ok /again" + i);
            }
        } finally {
            for (RawClient c : clients) c.close();
            server.close();
        }
    }

    private static long maxFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 0;
    }
}
