package connectivity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A run builds only the subcommand it names (see Conn.run); what it prints must not change for that. */
class ConnTreeTest {
    @Test
    void aRunNamingItsSubcommandPrintsWhatTheWholeTreePrints() {
        for (String[] args : new String[][] {{"torrent", "get", "--help"}, {"torrent", "bogus"}, {"torrent", "--help"}, {"torrent"},
            {"torrent", "daemon", "--help"}, {"torrent", "magnet"}, {"dht", "lookup", "--help"}, {"web", "-V"}}) {
            Printed lazy = lazy(args);
            Printed whole = whole(args);
            assertThat(lazy.out()).as(String.join(" ", args)).isEqualTo(whole.out());
            assertThat(lazy.err()).as(String.join(" ", args)).isEqualTo(whole.err());
            assertThat(lazy.out() + lazy.err()).isNotEmpty();
            assertThat(lazy.code()).isEqualTo(whole.code());
        }
    }

    @Test
    void helpAndUnknownCommandsStillSeeEverySubcommand() {
        assertThat(lazy("--help").out()).contains("torrent", "tracker", "dht", "demo", "call", "rendezvous", "relay", "web");
        assertThat(lazy("torrnt").code()).isEqualTo(whole("torrnt").code()).isNotZero();
    }

    @Test
    void torrentBuildsOnlyTheSubcommandItNames() {
        assertThat(connectivity.cli.torrent.TorrentCommand.tree("get").getSubcommands().keySet()).containsExactly("get");
        assertThat(connectivity.cli.torrent.TorrentCommand.tree("--help").getSubcommands().keySet())
                .containsExactly("create", "info", "get", "seed", "magnet", "daemon");
    }

    private record Printed(int code, String out, String err) {}

    private static Printed lazy(String... args) {
        return capture(() -> Conn.run(args));
    }

    private static Printed whole(String... args) {
        return capture(() -> Conn.commandLine().execute(args));
    }

    private static synchronized Printed capture(java.util.function.IntSupplier run) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = run.getAsInt();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Printed(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
