package connectivity.cli.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.meta.Metainfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class TorrentCliTest {
    static final Path CORPUS = Path.of("../torrent/src/test/resources/malformed");

    @TempDir
    Path tmp;

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".torrent")).sorted().toList();
            assertThat(files).hasSizeGreaterThan(40);
            return files.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void infoOnMalformedFilePrintsOneLineAndExits2(Path file) {
        ConnRun r = ConnRun.run("torrent", "info", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("conn: ").endsWith(System.lineSeparator());
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void createThenInfoInTextAndJson() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("album"));
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        Files.write(dir.resolve("one.flac"), data);
        Files.write(dir.resolve("two \"quoted\".txt"), "hello".getBytes());
        Path out = tmp.resolve("album.torrent");
        ConnRun c = ConnRun.run("torrent", "create", dir.toString(), "--tracker", "http://127.0.0.1:6969/announce",
                "--tracker", "http://a/1,http://b/2", "--piece-length", "32K", "--comment", "test", "--private", "-o", out.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        Metainfo m = Metainfo.read(out);
        assertThat(c.out()).contains(m.infoHash().hex());
        assertThat(m.info().pieceLength()).isEqualTo(32768);
        assertThat(m.info().isPrivate()).isTrue();
        assertThat(m.trackerTiers()).containsExactly(List.of("http://127.0.0.1:6969/announce"), List.of("http://a/1", "http://b/2"));

        ConnRun info = ConnRun.run("torrent", "info", out.toString());
        assertThat(info.exitCode()).isZero();
        assertThat(info.out()).contains("Name:         album", "Info-hash:    " + m.infoHash().hex(),
                "100005 bytes", "Piece length: 32 KiB", "Pieces:       4", "album/one.flac", "tier 2: http://a/1 http://b/2");

        ConnRun json = ConnRun.run("torrent", "info", "--json", out.toString());
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).contains("\"infoHash\":\"" + m.infoHash().hex() + "\"", "\"totalLength\":100005",
                "\"path\":[\"two \\\"quoted\\\".txt\"]", "\"pieceCount\":4");
    }

    /** A strict JSON parser (Python's) reads back exactly the names and comment, however hostile. */
    @Test
    void jsonIsValidWhateverTheNames() throws Exception {
        RealPeers.require("python3");
        Path dir = Files.createDirectories(tmp.resolve("names"));
        List<String> names = List.of("quote\"d", "tab\there", "esc\u001b[31mred", "new\nline", "line\u2028sep", "ünï 😀", "del\u007f");
        for (String n : names) Files.write(dir.resolve(n), new byte[] {1});
        Path out = tmp.resolve("names.torrent");
        String comment = "multi\nline \u0001 \\ \"comment\"";
        assertThat(ConnRun.run("torrent", "create", dir.toString(), "-c", comment, "-o", out.toString()).exitCode()).isZero();
        ConnRun json = ConnRun.run("torrent", "info", "--json", out.toString());
        assertThat(json.exitCode()).as(json.err()).isZero();
        Path jsonFile = Files.writeString(tmp.resolve("info.json"), json.out());
        // Python prints the decoded strings with ASCII escapes, so its output is plain ASCII whatever the names.
        Programs.Result py = Programs.run(tmp, 30, "python3", "-c",
                "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8'));"
                        + " print(json.dumps(sorted(f['path'][0] for f in d['files']))); print(json.dumps(d['comment']))",
                jsonFile.toString());
        assertThat(py.exitCode()).as(py.output()).isZero();
        String expected = names.stream().sorted().map(TorrentCliTest::pythonJson).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        assertThat(py.output()).isEqualTo(expected + "\n" + pythonJson(comment) + "\n");
    }

    /** What Python's json.dumps (ensure_ascii) makes of a string. */
    private static String pythonJson(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }

    @Test
    void createRefusesBadInputWithExit2() throws Exception {
        Path f = Files.write(tmp.resolve("f"), new byte[10]);
        ConnRun bad = ConnRun.run("torrent", "create", f.toString(), "--piece-length", "20000", "-o", tmp.resolve("x.torrent").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("conn: --piece-length").hasLineCount(1);

        ConnRun missing = ConnRun.run("torrent", "create", tmp.resolve("nope").toString(), "-o", tmp.resolve("y.torrent").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("conn: ").contains("nope").hasLineCount(1);

        Path existing = Files.write(tmp.resolve("z.torrent"), new byte[] {1});
        ConnRun exists = ConnRun.run("torrent", "create", f.toString(), "-o", existing.toString());
        assertThat(exists.exitCode()).isEqualTo(2);
        assertThat(Files.readAllBytes(existing)).containsExactly(1);

        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("f", "z.torrent");
        }
    }

    /** A torrent named like a dotfile, fetched into the home folder, leaves the user's file alone. */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void getRefusesToTouchAnExistingFileThatIsNotTheTorrentsAndExits2() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] data = new byte[70_000];
        new Random(3).nextBytes(data);
        Files.write(src.resolve(".bashrc"), data);
        Path torrent = tmp.resolve("evil.torrent");
        ConnRun c = ConnRun.run("torrent", "create", src.resolve(".bashrc").toString(), "--tracker", "http://127.0.0.1:9/announce",
                "-o", torrent.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        Path home = Files.createDirectories(tmp.resolve("home"));
        byte[] mine = "alias ll='ls -l'\n".getBytes();
        Path bashrc = Files.write(home.resolve(".bashrc"), mine);

        ConnRun r = ConnRun.run("torrent", "get", torrent.toString(), "-o", home.toString(), "--no-seed", "--port", "0", "--bind", "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("conn: " + bashrc + " exists and is not this torrent's data"
                + " (move it away or choose another --output)" + System.lineSeparator());
        assertThat(Files.readAllBytes(bashrc)).isEqualTo(mine);
        try (Stream<Path> s = Files.list(home)) {
            assertThat(s.toList()).containsExactly(bashrc);
        }

        // A link where the file goes is not followed out of the folder either.
        Path victim = Files.write(tmp.resolve("victim"), mine);
        Files.delete(bashrc);
        Files.createSymbolicLink(bashrc, victim);
        ConnRun link = ConnRun.run("torrent", "get", torrent.toString(), "-o", home.toString(), "--no-seed", "--port", "0", "--bind", "127.0.0.1");
        assertThat(link.exitCode()).isEqualTo(2);
        assertThat(link.err()).startsWith("conn: " + bashrc + " is a symbolic link").hasLineCount(1);
        assertThat(Files.readAllBytes(victim)).isEqualTo(mine);
    }

    @Test
    void infoOnMissingFileExits2() {
        ConnRun r = ConnRun.run("torrent", "info", tmp.resolve("absent.torrent").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("conn: " + tmp.resolve("absent.torrent") + ": no such file" + System.lineSeparator());
    }

    /** Creating from a directory whose files carry hostile-looking names writes nothing but the output file. */
    @Test
    void createWritesNothingButTheOutputFile() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/..weird/sub"));
        Files.write(src.resolve("..data"), new byte[70_000]);
        Path outDir = Files.createDirectories(tmp.resolve("out"));
        List<Path> before = listAll(tmp);
        ConnRun r = ConnRun.run("torrent", "create", tmp.resolve("src").toString(), "-o", outDir.resolve("t.torrent").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<Path> after = listAll(tmp);
        assertThat(after).containsAll(before);
        assertThat(after.stream().filter(p -> !before.contains(p))).containsExactly(outDir.resolve("t.torrent"));
        assertThat(Metainfo.read(outDir.resolve("t.torrent")).info().files().get(0).path()).containsExactly("..weird", "sub", "..data");
    }

    private static List<Path> listAll(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.sorted().toList();
        }
    }
}
