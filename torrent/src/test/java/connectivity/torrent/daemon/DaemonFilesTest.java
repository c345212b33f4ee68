package connectivity.torrent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.torrent.storage.InfoLayout;
import connectivity.torrent.storage.TorrentLayout;
import connectivity.torrent.swarm.FileChoices;
import connectivity.torrent.swarm.SwarmConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** File selection end to end: a torrent with an unwanted file finishes with what it wants, and wanting it again resumes. */
@Timeout(120)
class DaemonFilesTest {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path tmp;

    private DaemonConfig config() {
        return DaemonConfig.of(tmp.resolve("downloads"), tmp.resolve("config")).withPeerPort("127.0.0.1", 0)
                .withSwarm(SwarmConfig.builder().bind("127.0.0.1", 0).pex(false).build());
    }

    @Test
    void anUnwantedFileIsNotFetchedTheRestIsDoneAndWantingItAgainResumes() throws Exception {
        // part1 spans whole pieces of its own as well as two it shares with part0 and part2.
        TestTorrents.Made made = TestTorrents.make(tmp, "three", 12, PIECE, 150_000, 400_000, 170_000);
        TorrentLayout layout = InfoLayout.of(made.meta().info());
        Path data = tmp.resolve("downloads/three");
        try (TestTorrents seeders = new TestTorrents()) {
            Daemon d = Daemon.start(config());
            try {
                TorrentSession t = d.add(made.torrent(), Optional.empty(), Optional.of(true),
                        c -> c.withWanted(List.of(1), false).withPriority(List.of(2), FileChoices.HIGH)).torrent();
                assertThat(t.files().wanted()).containsExactly(true, false, true);
                d.start(t);
                await().atMost(Duration.ofSeconds(30)).until(() -> t.swarm().isPresent());
                seeders.seed(made, 0, new InetSocketAddress("127.0.0.1", d.peerPort()));
                await().atMost(Duration.ofSeconds(60)).until(() -> t.state() == TorrentState.SEEDING);
                assertThat(t.isDone()).isTrue();
                assertThat(t.swarm().orElseThrow().isComplete()).as("part1's own pieces are missing").isFalse();
                for (String part : List.of("part0.bin", "part2.bin")) {
                    assertThat(Files.readAllBytes(data.resolve(part))).as(part).isEqualTo(Files.readAllBytes(made.data().resolve("three/" + part)));
                }
                TorrentLayout.FileSpan part1 = layout.files().get(1);
                int firstOwn = (int) ((part1.offset() + PIECE - 1) / PIECE), lastOwn = (int) ((part1.offset() + part1.length()) / PIECE) - 1;
                for (int p = firstOwn; p <= lastOwn; p++) assertThat(t.have().get(p)).as("piece " + p + " lies in part1 only").isFalse();
                assertThat(t.have().get(firstOwn - 1)).as("the piece part1 shares with part0").isTrue();
                assertThat(t.have().get(lastOwn + 1)).as("the piece part1 shares with part2").isTrue();
                assertThat(ownBytesOfPart1AreZero(data.resolve("part1.bin"), part1, firstOwn, lastOwn)).as("nothing unverified in part1").isTrue();

                // The choice is saved at once, as a kill -9 would find it.
                await().atMost(Duration.ofSeconds(10)).until(() -> savedWanted(tmp.resolve("config")).equals(List.of(true, false, true)));
                assertThat(DaemonState.load(tmp.resolve("config")).torrents().get(0).choices().priorities()).containsExactly(0, 0, 1);

                d.files(t, t.files().withWanted(List.of(1), true));
                assertThat(t.state()).isEqualTo(TorrentState.DOWNLOADING);
                await().atMost(Duration.ofSeconds(60)).until(() -> t.state() == TorrentState.SEEDING && t.swarm().orElseThrow().isComplete());
                assertThat(Files.readAllBytes(data.resolve("part1.bin"))).isEqualTo(Files.readAllBytes(made.data().resolve("three/part1.bin")));
            } finally {
                d.close();
            }
            Daemon again = Daemon.start(config());
            try {
                TorrentSession r = again.torrents().get(0);
                assertThat(r.files().wanted()).containsExactly(true, true, true);
                assertThat(r.files().priorities()).containsExactly(0, 0, 1);
                await().atMost(Duration.ofSeconds(20)).until(() -> r.state() == TorrentState.SEEDING);
            } finally {
                again.close();
            }
        }
    }

    @Test
    void unwantingWhatIsMissingMakesARunningDownloadDone() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "pair", 13, PIECE, 200_000, 200_000);
        Daemon d = Daemon.start(config());
        try {
            TorrentSession t = d.add(made.torrent(), Optional.empty(), Optional.empty()).torrent();
            await().atMost(Duration.ofSeconds(30)).until(() -> t.state() == TorrentState.DOWNLOADING);
            d.files(t, t.files().withWanted(List.of(), false));
            assertThat(t.state()).isEqualTo(TorrentState.SEEDING);
            assertThat(t.isDone()).isTrue();
            d.files(t, t.files().withWanted(List.of(0), true));
            assertThat(t.state()).isEqualTo(TorrentState.DOWNLOADING);
        } finally {
            d.close();
        }
        // Stopped, the choice still decides: restarted, it downloads (part0 is wanted, nothing is there).
        Daemon again = Daemon.start(config());
        try {
            TorrentSession r = again.torrents().get(0);
            assertThat(r.files().wanted()).containsExactly(true, false);
            await().atMost(Duration.ofSeconds(30)).until(() -> r.state() == TorrentState.DOWNLOADING);
        } finally {
            again.close();
        }
    }

    private static List<Boolean> savedWanted(Path configDir) throws java.io.IOException {
        var saved = DaemonState.load(configDir).torrents();
        return saved.isEmpty() || saved.get(0).choices() == null ? List.of() : saved.get(0).choices().wanted();
    }

    /** The bytes of part1 in the pieces that lie in it alone are zeros (created sparse, never written). */
    private static boolean ownBytesOfPart1AreZero(Path file, TorrentLayout.FileSpan part1, int firstOwn, int lastOwn) throws java.io.IOException {
        if (!Files.exists(file)) return true;
        byte[] b = Files.readAllBytes(file);
        long from = (long) firstOwn * PIECE - part1.offset(), to = (long) (lastOwn + 1) * PIECE - part1.offset();
        for (long i = from; i < Math.min(to, b.length); i++) if (b[(int) i] != 0) return false;
        return true;
    }
}
