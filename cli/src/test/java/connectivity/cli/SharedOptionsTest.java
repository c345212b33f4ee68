package connectivity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.cli.WebCommandTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The options every listening command shares read and fail the same way, before anything is bound or created. */
@Timeout(60)
class SharedOptionsTest {
    @TempDir
    Path dir;

    private String[][] servers() {
        String config = dir.resolve("config").toString();
        return new String[][] {
            {"web", "serve", dir.toString()},
            {"tracker"},
            {"rendezvous", "--config-dir", config},
            {"relay", "--config-dir", config},
        };
    }

    private static String[] with(String[] command, String... more) {
        String[] all = new String[command.length + more.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(more, 0, all, command.length, more.length);
        return all;
    }

    @Test
    void everyListenerRefusesAPortOutOfRangeWithOneLine() {
        for (String[] command : servers()) {
            Run r = WebCommandTest.conn(with(command, "--port", "70000"));
            assertThat(r.exit()).as(String.join(" ", command)).isEqualTo(CliFailure.BAD_INPUT);
            assertThat(r.err()).startsWith("conn: not a port: 70000 (0..65535; 0 picks any free port), given to --port")
                    .hasLineCount(1);
        }
        Run seed = WebCommandTest.conn("torrent", "seed", "x.torrent", dir.toString(), "--port", "-1");
        assertThat(seed.exit()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(seed.err()).startsWith("conn: not a port: -1 (0..65535; 0 picks any free port), given to --port");
        assertThat(dir.resolve("config")).doesNotExist();
    }

    @Test
    void everyServerTakesAConnectionCapOfAtLeastOne() {
        for (String[] command : servers()) {
            assertThat(help(command)).as(String.join(" ", command)).contains("--max-connections=N").contains("default: 10000");
            Run zero = WebCommandTest.conn(with(command, "--max-connections", "0"));
            assertThat(zero.exit()).isEqualTo(CliFailure.BAD_INPUT);
            assertThat(zero.err()).startsWith("conn: not a count of at least 1: 0, given to --max-connections").hasLineCount(1);
        }
        assertThat(dir.resolve("config")).doesNotExist();
    }

    @Test
    void everyByteCountReadsTheSameGrammar() {
        String[][] commands = {
            {"web", "serve", dir.toString(), "--max-body", "12Q"},
            {"relay", "--config-dir", dir.resolve("config").toString(), "--max-bytes", "12Q"},
            {"torrent", "seed", "x.torrent", dir.toString(), "--upload-limit", "12Q"},
            {"torrent", "get", "x.torrent", "--download-limit", "12Q"},
            {"torrent", "create", dir.toString(), "--piece-length", "12Q"},
        };
        for (String[] command : commands) {
            Run r = WebCommandTest.conn(command);
            assertThat(r.exit()).as(String.join(" ", command)).isEqualTo(CliFailure.BAD_INPUT);
            assertThat(r.err()).startsWith("conn: not a byte count: 12Q (e.g. 1048576, 256K, 10M, 2G), given to --").hasLineCount(1);
        }
    }

    /** The help text with picocli's line wrapping undone. */
    private static String help(String... command) {
        return WebCommandTest.conn(with(command, "--help")).out().replaceAll("\\s+", " ");
    }

    @Test
    void eachServerShowsItsOwnDefaults() {
        assertThat(help("web", "serve")).contains("default: 8080").contains("default: 127.0.0.1");
        assertThat(help("tracker")).contains("default: 6969");
        assertThat(help("rendezvous")).contains("default: 7400").contains("default: 0.0.0.0");
        assertThat(help("relay")).contains("default: 7500").contains("default: 1G");
        assertThat(help("torrent", "seed")).contains("default: 6881");
    }

    @Test
    void anUnknownOptionIsOneLineThatPointsToHelp() {
        Run r = WebCommandTest.conn("tracker", "--nonsense");
        assertThat(r.exit()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(r.err()).startsWith("conn: Unknown option: '--nonsense' (see conn tracker --help)").hasLineCount(1);
    }

    @Test
    void theBareProgramPrintsItsUsageThroughPicocli() {
        Run r = WebCommandTest.conn();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: conn");
    }
}
