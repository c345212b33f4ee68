package connectivity.cli.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import connectivity.torrent.swarm.SwarmEvents;
import connectivity.torrent.swarm.TrackerPeerSource;
import connectivity.torrent.tracker.InMemorySwarmStore;
import connectivity.torrent.tracker.Tracker;
import connectivity.torrent.tracker.TrackerConfig;
import connectivity.torrent.tracker.TrackerServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code conn torrent get}, killed with SIGKILL mid-download, then run again: the result is exact. */
@Timeout(120)
class TorrentResumeIT {
    private static final Pattern PIECES = Pattern.compile("\"pieces\":(\\d+),\"pieceCount\":(\\d+)");

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeMe = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : closeMe) c.close();
    }

    private Process conn(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", System.getProperty("conn.jar", "target/conn.jar")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr-" + processes.size() + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    @Test
    void aDownloadKilledWithSigkillResumesAndEndsByteIdentical() throws Exception {
        TrackerServer tracker = TrackerServer.start(
                new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(5)), Clock.systemUTC()), "127.0.0.1", 0);
        closeMe.add(tracker);
        Path seedDir = tmp.resolve("seed");
        Files.createDirectories(seedDir);
        byte[] content = new byte[24 * 1024 * 1024];
        new Random(5).nextBytes(content);
        Files.write(seedDir.resolve("big.bin"), content);
        byte[] torrent = TorrentCreator.of(seedDir.resolve("big.bin")).tracker(tracker.announceUrl()).pieceLength(64 * 1024).build();
        Path torrentFile = tmp.resolve("big.torrent");
        Files.write(torrentFile, torrent);
        Metainfo m = Metainfo.parse(torrent);
        Swarm seeder = Swarm.forSeeding(InfoLayout.of(m.info()), m.infoHash().bytes(), seedDir,
                SwarmConfig.defaults().withBind("127.0.0.1", 0), new TrackerPeerSource(m.trackerTiers(), m.infoHash()),
                SwarmEvents.NONE).start();
        closeMe.add(seeder);
        Path out = tmp.resolve("out");

        // First run, throttled so it is surely mid-way when killed; we wait for its own progress report.
        Process first = conn("torrent", "get", torrentFile.toString(), "-o", out.toString(), "--no-seed", "--port", "0",
                "--bind", "127.0.0.1", "--json", "--download-limit", "3M");
        int piecesAtKill = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                Matcher x = PIECES.matcher(line);
                if (x.find() && Integer.parseInt(x.group(1)) * 4 >= Integer.parseInt(x.group(2))) { // a quarter done
                    piecesAtKill = Integer.parseInt(x.group(1));
                    first.destroyForcibly(); // SIGKILL: no shutdown hook, no stopped announce
                    break;
                }
            }
        }
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
        assertThat(piecesAtKill).isPositive();
        assertThat(Files.readAllBytes(out.resolve("big.bin"))).isNotEqualTo(content);

        // Second run: verifies what is there, fetches only the rest.
        Process second = conn("torrent", "get", torrentFile.toString(), "-o", out.toString(), "--no-seed", "--port", "0",
                "--bind", "127.0.0.1", "--json");
        List<String> report = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) report.add(line);
        }
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(String.join("\n", report)).isZero();
        Matcher verified = PIECES.matcher(report.get(0));
        assertThat(report.get(0)).contains("\"state\":\"verified\"");
        assertThat(verified.find()).isTrue();
        // All that was verified before the kill survives it (at most in-flight pieces are lost).
        assertThat(Integer.parseInt(verified.group(1))).isGreaterThanOrEqualTo(piecesAtKill);
        assertThat(report).anyMatch(l -> l.contains("download complete and verified"));
        assertThat(Files.readAllBytes(out.resolve("big.bin"))).isEqualTo(content);
    }

    @Test
    void aMissingTorrentIsOneLineAndExitCodeTwo() throws Exception {
        Process p = conn("torrent", "get", tmp.resolve("nope.torrent").toString(), "--no-seed");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        List<String> err = Files.readAllLines(tmp.resolve("stderr-0.log"));
        assertThat(err).hasSize(1);
        assertThat(err.get(0)).startsWith("conn: ").contains("nope.torrent").doesNotContain("Exception");
    }

    @Test
    void seedingIncompleteDataFailsWithOneLine() throws Exception {
        Path data = tmp.resolve("d");
        Files.createDirectories(data);
        byte[] content = new byte[300_000];
        new Random(6).nextBytes(content);
        Files.write(data.resolve("x.bin"), content);
        byte[] torrent = TorrentCreator.of(data.resolve("x.bin")).tracker("http://127.0.0.1:9/announce").pieceLength(16 * 1024).build();
        Files.write(tmp.resolve("x.torrent"), torrent);
        content[200_000] ^= 1;
        Files.write(data.resolve("x.bin"), content);
        Process p = conn("torrent", "seed", tmp.resolve("x.torrent").toString(), data.toString(), "--port", "0");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        List<String> err = Files.readAllLines(tmp.resolve("stderr-0.log"));
        assertThat(err).hasSize(1);
        assertThat(err.get(0)).startsWith("conn: cannot seed: only 18 of 19 pieces");
    }
}
