package connectivity.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionCapTest {
    private static String get(Connection c) throws IOException {
        c.output().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        c.output().flush();
        byte[] head = new byte[12];
        int n = c.input().readNBytes(head, 0, head.length);
        return new String(head, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void theBuildersCapRefusesAConnectionPastItWhileKeepAliveConnectionsHoldTheSlots() throws Exception {
        HttpServer server = HttpServer.builder().maxConnections(1)
                .route("/", r -> Response.of(200, "text/plain", "ok".getBytes(StandardCharsets.US_ASCII)))
                .build().start();
        try (Connection first = Connection.dial("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            first.readTimeout(Duration.ofSeconds(10));
            assertThat(get(first)).isEqualTo("HTTP/1.1 200");
            try (Connection second = Connection.dial("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
                second.readTimeout(Duration.ofSeconds(10));
                assertThat(second.input().read()).as("closed at once").isEqualTo(-1);
            }
        } finally {
            server.close();
        }
    }
}
