package connectivity.net.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RedisProcessTest {
    @Test
    @Timeout(60)
    void startsAnswersAndComesBackAfterAStop() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(ping(redis.port())).isEqualTo("+PONG\r\n");
            redis.restart();
            assertThat(ping(redis.port())).isEqualTo("+PONG\r\n");
        }
    }

    private static String ping(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII);
        }
    }
}
