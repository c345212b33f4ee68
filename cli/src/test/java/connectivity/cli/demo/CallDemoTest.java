package connectivity.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.cli.Conn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CallDemoTest {
    @Test
    void theDemoPlacesOneCallOverEachPath() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ok = CallDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(out).isTrue();
        assertThat(out).contains("alice -> bob: direct", "carol -> dave (unreachable): reverse",
                "erin (unreachable) -> frank (unreachable): relay");
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Conn.run("call", "dial", "bob", "--as", "alice")).isEqualTo(2);
            assertThat(Conn.run("call", "dial", "bob", "--as", "alice", "--rendezvous", "nohostport")).isEqualTo(2);
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("conn: missing --rendezvous HOST:PORT")
                .contains("conn: --rendezvous: expected HOST:PORT").doesNotContain("Exception");
    }
}
