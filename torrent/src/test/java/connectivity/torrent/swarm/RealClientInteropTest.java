package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.tracker.InMemorySwarmStore;
import connectivity.torrent.tracker.Tracker;
import connectivity.torrent.tracker.TrackerConfig;
import connectivity.torrent.tracker.TrackerServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our peers with aria2c and transmission-cli, through our tracker, all on 127.0.0.1. */
@Timeout(120)
class RealClientInteropTest {
    private static final int SIZE = 24 * 1024 * 1024 + 4321;

    @TempDir
    Path tmp;

    private TrackerServer tracker;
    private Metainfo meta;
    private Path seedDir;
    private byte[] content;
    private final List<Process> processes = new ArrayList<>();
    private final List<Swarm> swarms = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        tracker = TrackerServer.start(new Tracker(new InMemorySwarmStore(), TrackerConfig.withInterval(Duration.ofSeconds(5)), Clock.systemUTC()),
                "127.0.0.1", 0);
        seedDir = tmp.resolve("seed");
        Files.createDirectories(seedDir);
        content = new byte[SIZE];
        new Random(42).nextBytes(content);
        Files.write(seedDir.resolve("payload.bin"), content);
        byte[] torrent = TorrentCreator.of(seedDir.resolve("payload.bin")).tracker(tracker.announceUrl()).pieceLength(256 * 1024).build();
        Files.write(tmp.resolve("t.torrent"), torrent);
        meta = Metainfo.parse(torrent);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        swarms.forEach(Swarm::close);
        tracker.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Swarm ourSeeder() throws IOException {
        Swarm s = Swarm.forSeeding(InfoLayout.of(meta.info()), meta.infoHash().bytes(), seedDir, TestTorrent.config(),
                new TrackerPeerSource(meta.trackerTiers(), meta.infoHash()), SwarmEvents.NONE).start();
        swarms.add(s);
        return s;
    }

    private Swarm ourLeecher(String name) throws IOException {
        Swarm s = Swarm.forDownload(InfoLayout.of(meta.info()), meta.infoHash().bytes(), tmp.resolve(name), TestTorrent.config(),
                new TrackerPeerSource(meta.trackerTiers(), meta.infoHash()), SwarmEvents.NONE).start();
        swarms.add(s);
        return s;
    }

    private Process start(Path log, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOME", tmp.toString());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private Process aria2(String dir, boolean seed) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("aria2c", "--enable-dht=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
                "--file-allocation=none", "--listen-port=" + freePort(), "--summary-interval=0", "--console-log-level=warn", "-d", dir));
        if (seed) cmd.addAll(List.of("--bt-seed-unverified=true", "--seed-time=5", "--seed-ratio=0.0"));
        else cmd.add("--seed-time=0");
        cmd.add(tmp.resolve("t.torrent").toString());
        return start(tmp.resolve("aria2-" + (seed ? "seed" : "leech") + ".log"), cmd.toArray(String[]::new));
    }

    @Test
    void ourSeederFeedsAria2c() throws Exception {
        RealPeers.require("aria2c");
        ourSeeder();
        Process leech = aria2(tmp.resolve("aria").toString(), false);
        assertThat(leech.waitFor(90, TimeUnit.SECONDS)).as("aria2c finished").isTrue();
        assertThat(leech.exitValue()).as(Files.readString(tmp.resolve("aria2-leech.log"))).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("aria/payload.bin"))).isEqualTo(content);
    }

    @Test
    void ourSeederFeedsTransmission() throws Exception {
        RealPeers.require("transmission-cli");
        ourSeeder();
        Path done = tmp.resolve("transmission-done");
        Path script = tmp.resolve("done.sh");
        Files.writeString(script, "#!/bin/sh\ntouch '" + done + "'\n");
        script.toFile().setExecutable(true);
        Path into = tmp.resolve("tr");
        Files.createDirectories(into);
        start(tmp.resolve("transmission.log"), "transmission-cli", "-w", into.toString(), "-p", Integer.toString(freePort()),
                "-f", script.toString(), tmp.resolve("t.torrent").toString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(done));
        assertThat(Files.readAllBytes(into.resolve("payload.bin"))).isEqualTo(content);
    }

    @Test
    void anAria2cSeederFeedsUs() throws Exception {
        RealPeers.require("aria2c");
        aria2(seedDir.toString(), true);
        Swarm us = ourLeecher("ours");
        assertThat(us.awaitComplete(Duration.ofSeconds(90))).isTrue();
        assertThat(Files.readAllBytes(tmp.resolve("ours/payload.bin"))).isEqualTo(content);
    }

    @Test
    void oneAria2cSeedFeedsUsAndAnAria2cLeecherAtOnce() throws Exception {
        RealPeers.require("aria2c");
        aria2(seedDir.toString(), true);
        Swarm us = ourLeecher("ours");
        Process other = aria2(tmp.resolve("aria").toString(), false);
        assertThat(us.awaitComplete(Duration.ofSeconds(90))).isTrue();
        assertThat(other.waitFor(90, TimeUnit.SECONDS)).as("aria2c leecher finished").isTrue();
        assertThat(other.exitValue()).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("ours/payload.bin"))).isEqualTo(content);
        assertThat(Files.readAllBytes(tmp.resolve("aria/payload.bin"))).isEqualTo(content);
    }
}
