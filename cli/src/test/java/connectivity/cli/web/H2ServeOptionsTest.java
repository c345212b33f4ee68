package connectivity.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.h2.H2Config;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** conn web serve's HTTP/2 limit options: their defaults are the engine's, values reach H2Config, bad ones are exit 2. */
@Timeout(30)
class H2ServeOptionsTest {
    @CommandLine.Command(name = "t")
    static final class Holder {
        @CommandLine.Mixin
        H2ServeOptions options = new H2ServeOptions();
    }

    private static H2Config parse(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.options.config();
    }

    @Test
    void defaultsAreTheEnginesAndOptionsChangeThem() {
        H2Config d = H2Config.defaults();
        H2Config none = parse();
        assertThat(none.maxConcurrentStreams()).isEqualTo(d.maxConcurrentStreams());
        assertThat(none.initialWindowSize()).isEqualTo(d.initialWindowSize());
        assertThat(none.connectionWindow()).isEqualTo(d.connectionWindow());
        assertThat(none.maxHeaderListSize()).isEqualTo(d.maxHeaderListSize());
        assertThat(none.maxHeaderBlockBytes()).isEqualTo(d.maxHeaderBlockBytes());
        assertThat(none.maxResetsPerWindow()).isEqualTo(d.maxResetsPerWindow());

        H2Config set = parse("--h2-max-streams", "8", "--h2-stream-window", "1M", "--h2-connection-window", "4M",
                "--h2-max-header-list", "64K", "--h2-max-resets", "50");
        assertThat(set.maxConcurrentStreams()).isEqualTo(8);
        assertThat(set.initialWindowSize()).isEqualTo(1 << 20);
        assertThat(set.connectionWindow()).isEqualTo(4 << 20);
        assertThat(set.maxHeaderListSize()).isEqualTo(64 * 1024);
        assertThat(set.maxHeaderBlockBytes()).isEqualTo(128 * 1024);
        assertThat(set.maxResetsPerWindow()).isEqualTo(50);
    }

    @Test
    void aLimitOutOfRangeIsBadInput(@TempDir Path dir) {
        CliRun zero = CliRun.of("web", "serve", dir.toString(), "--port", "0", "--h2-max-streams", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.stderr()).isEqualTo("conn: HTTP/2 limits: at least 1 concurrent stream" + System.lineSeparator());
        CliRun window = CliRun.of("web", "serve", dir.toString(), "--port", "0", "--h2-connection-window", "1K");
        assertThat(window.exitCode()).isEqualTo(2);
        assertThat(window.stderr()).contains("connection window must be at least 65535 bytes");
    }
}
