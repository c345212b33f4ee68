package connectivity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.cli.WebCommandTest.Run;
import connectivity.net.testing.RedisProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --store} of `conn rendezvous` and `conn relay`: every mistake is one line, before anything is created. */
@Timeout(60)
class CallStoreOptionTest {
    @TempDir
    Path dir;

    private Run run(String command, String... more) {
        String[] args = new String[more.length + 5];
        args[0] = command;
        args[1] = "--config-dir";
        args[2] = dir.resolve("config").toString();
        args[3] = "--port";
        args[4] = "0";
        System.arraycopy(more, 0, args, 5, more.length);
        return WebCommandTest.conn(args);
    }

    @Test
    void aStoreThatIsNotARedisAddressIsBadInput() {
        for (String command : new String[] {"rendezvous", "relay"}) {
            Run r = run(command, "--store", "http://127.0.0.1:6379");
            assertThat(r.exit()).as(r.err()).isEqualTo(CliFailure.BAD_INPUT);
            assertThat(r.err()).startsWith("conn: --store: ").contains("redis://HOST:PORT[/DB]").hasLineCount(1);
            Run pw = run(command, "--store-password-file", dir.resolve("pw").toString());
            assertThat(pw.exit()).isEqualTo(CliFailure.BAD_INPUT);
            assertThat(pw.err()).startsWith("conn: --store-password-file needs --store redis://").hasLineCount(1);
        }
        assertThat(dir.resolve("config")).doesNotExist();
    }

    @Test
    void anUnreachableRedisFailsTheStartWithOneLine() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        for (String command : new String[] {"rendezvous", "relay"}) {
            Run r = run(command, "--store", "redis://127.0.0.1:" + closed);
            assertThat(r.exit()).as(r.err()).isEqualTo(CliFailure.FAILED);
            assertThat(r.err()).startsWith("conn: cannot use store redis://127.0.0.1:" + closed + "/0: ")
                    .doesNotContain("Exception").hasLineCount(1);
        }
        assertThat(dir.resolve("config")).doesNotExist();
    }

    @Test
    void aPasswordRedisRefusesFailsTheStartWithOneLine() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            Path pw = Files.writeString(dir.resolve("pw"), "not-the-password\n");
            Run r = run("relay", "--store", redis.uri(), "--store-password-file", pw.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(CliFailure.FAILED);
            assertThat(r.err()).startsWith("conn: cannot use store " + redis.uri() + "/0: ").contains("AUTH").hasLineCount(1);
            Path empty = Files.writeString(dir.resolve("empty"), "\n");
            Run e = run("relay", "--store", redis.uri(), "--store-password-file", empty.toString());
            assertThat(e.exit()).isEqualTo(CliFailure.BAD_INPUT);
            assertThat(e.err()).startsWith("conn: store password file").contains("is empty");
        }
    }
}
