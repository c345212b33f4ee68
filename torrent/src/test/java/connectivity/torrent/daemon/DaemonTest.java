package connectivity.torrent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.torrent.swarm.SwarmConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many torrents on one peer port, the saved state, and restarts that trust what they may and recheck the rest. */
@Timeout(120)
class DaemonTest {
    @TempDir
    Path tmp;

    private DaemonConfig config() {
        return DaemonConfig.of(tmp.resolve("downloads"), tmp.resolve("config")).withPeerPort("127.0.0.1", 0)
                .withSwarm(SwarmConfig.builder().bind("127.0.0.1", 0).pex(false).build());
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        try (var files = Files.walk(expected)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readAllBytes(actual.resolve(expected.relativize(p).toString()))).as(p.toString()).isEqualTo(Files.readAllBytes(p));
            }
        }
    }

    @Test
    void twoTorrentsOnOnePeerPortCompleteAndARestartHashesNothing() throws Exception {
        TestTorrents.Made single = TestTorrents.make(tmp, "single.bin", 1, 32 * 1024, 700_000);
        TestTorrents.Made multi = TestTorrents.make(tmp, "album", 2, 16 * 1024, 300_000, 5, 450_000);
        try (TestTorrents seeders = new TestTorrents()) {
            Daemon d = Daemon.start(config());
            InetSocketAddress port = new InetSocketAddress("127.0.0.1", d.peerPort());
            TorrentSession a = d.add(single.torrent(), Optional.empty(), Optional.empty()).torrent();
            TorrentSession b = d.add(multi.torrent(), Optional.empty(), Optional.empty()).torrent();
            assertThat(d.add(single.torrent(), Optional.empty(), Optional.empty()).duplicate()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> a.swarm().isPresent() && b.swarm().isPresent());
            seeders.seed(single, 0, port);
            seeders.seed(multi, 0, port);
            await().atMost(Duration.ofSeconds(60)).until(() -> a.state() == TorrentState.SEEDING && b.state() == TorrentState.SEEDING);
            assertThat(a.swarm().get().port()).isEqualTo(d.peerPort()).isEqualTo(b.swarm().get().port());
            d.close();
            assertSameFiles(single.data(), tmp.resolve("downloads"));
            assertSameFiles(multi.data(), tmp.resolve("downloads"));

            Daemon again = Daemon.start(config());
            try {
                assertThat(again.torrents()).extracting(t -> t.id).containsExactly(a.id, b.id);
                for (TorrentSession t : again.torrents()) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> t.state() == TorrentState.SEEDING);
                    assertThat(t.piecesHashedAtStart()).as("pieces hashed on restart").isZero();
                }
            } finally {
                again.close();
            }
        }
    }

    @Test
    void aRestartMidDownloadResumesWithoutHashingAndCompletesByteIdentical() throws Exception {
        TestTorrents.Made big = TestTorrents.make(tmp, "big.bin", 3, 16 * 1024, 2_000_000);
        int pieces = big.meta().info().pieceCount();
        try (TestTorrents seeders = new TestTorrents()) {
            Daemon d = Daemon.start(config());
            TorrentSession t = d.add(big.torrent(), Optional.empty(), Optional.empty()).torrent();
            await().atMost(Duration.ofSeconds(30)).until(() -> t.swarm().isPresent());
            var seeder = seeders.seed(big, 400_000, new InetSocketAddress("127.0.0.1", d.peerPort()));
            await().atMost(Duration.ofSeconds(60)).until(() -> t.have().cardinality() > pieces / 4);
            d.close();
            int had = t.have().cardinality();
            assertThat(had).isLessThan(pieces);
            seeder.close();

            Daemon again = Daemon.start(config());
            try {
                TorrentSession r = again.byId(t.id).orElseThrow();
                await().atMost(Duration.ofSeconds(20)).until(() -> r.swarm().isPresent());
                assertThat(r.piecesHashedAtStart()).isZero();
                assertThat(r.have().cardinality()).isEqualTo(had);
                seeders.seed(big, 0, new InetSocketAddress("127.0.0.1", again.peerPort()));
                await().atMost(Duration.ofSeconds(60)).until(() -> r.state() == TorrentState.SEEDING);
            } finally {
                again.close();
            }
            assertSameFiles(big.data(), tmp.resolve("downloads"));
        }
    }

    @Test
    void dataChangedWhileStoppedIsRecheckedAndFetchedAgain() throws Exception {
        TestTorrents.Made multi = TestTorrents.make(tmp, "set", 4, 16 * 1024, 200_000, 300_000);
        try (TestTorrents seeders = new TestTorrents()) {
            Daemon d = Daemon.start(config());
            TorrentSession t = d.add(multi.torrent(), Optional.empty(), Optional.empty()).torrent();
            await().atMost(Duration.ofSeconds(30)).until(() -> t.swarm().isPresent());
            seeders.seed(multi, 0, new InetSocketAddress("127.0.0.1", d.peerPort()));
            await().atMost(Duration.ofSeconds(60)).until(() -> t.state() == TorrentState.SEEDING);
            d.close();
            Path changed = tmp.resolve("downloads/set/part1.bin");
            try (RandomAccessFile f = new RandomAccessFile(changed.toFile(), "rw")) {
                f.seek(1000);
                f.write(~f.read());
            }
            Files.setLastModifiedTime(changed, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));

            Daemon again = Daemon.start(config());
            try {
                TorrentSession r = again.byId(t.id).orElseThrow();
                await().atMost(Duration.ofSeconds(20)).until(() -> r.swarm().isPresent());
                int part1Pieces = (int) Math.ceil(300_000 / 16384.0) + 1;
                assertThat(r.piecesHashedAtStart()).as("only part1's pieces are hashed").isBetween(1, part1Pieces);
                assertThat(r.state()).isEqualTo(TorrentState.DOWNLOADING);
                seeders.seed(multi, 0, new InetSocketAddress("127.0.0.1", again.peerPort()));
                await().atMost(Duration.ofSeconds(60)).until(() -> r.state() == TorrentState.SEEDING);
            } finally {
                again.close();
            }
            assertSameFiles(multi.data(), tmp.resolve("downloads"));
        }
    }

    @Test
    void dataChangedWhileSeedingIsNoticedRecheckedAndFetchedAgain() throws Exception {
        TestTorrents.Made multi = TestTorrents.make(tmp, "live", 5, 16 * 1024, 100_000, 200_000);
        try (TestTorrents seeders = new TestTorrents()) {
            Daemon d = Daemon.start(config());
            try {
                TorrentSession t = d.add(multi.torrent(), Optional.empty(), Optional.empty()).torrent();
                await().atMost(Duration.ofSeconds(30)).until(() -> t.swarm().isPresent());
                seeders.seed(multi, 0, new InetSocketAddress("127.0.0.1", d.peerPort()));
                await().atMost(Duration.ofSeconds(60)).until(() -> t.state() == TorrentState.SEEDING);
                // The change must come after the daemon has looked at the complete files once.
                await().atMost(Duration.ofSeconds(20)).until(() -> d.changeChecks() >= 2);
                Path changed = tmp.resolve("downloads/live/part0.bin");
                try (RandomAccessFile f = new RandomAccessFile(changed.toFile(), "rw")) {
                    f.seek(20_000);
                    f.write(~f.read());
                }
                Files.setLastModifiedTime(changed, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
                await().atMost(Duration.ofSeconds(30)).until(() -> t.piecesHashedAtStart() > 0);
                assertThat(t.piecesHashedAtStart()).as("only part0's pieces").isLessThanOrEqualTo(8);
                seeders.seed(multi, 0, new InetSocketAddress("127.0.0.1", d.peerPort()));
                await().atMost(Duration.ofSeconds(60)).until(() -> t.state() == TorrentState.SEEDING);
            } finally {
                d.close();
            }
            assertSameFiles(multi.data(), tmp.resolve("downloads"));
        }
    }

    @Test
    void theQueueRunsAtMostQueueSizeDownloadsAndTheWatchFolderAddsTorrents() throws Exception {
        Path watch = tmp.resolve("watch");
        Daemon d = Daemon.start(config().withWatchDir(watch));
        try {
            d.settings(d.settings().withQueueSize(1));
            TestTorrents.Made one = TestTorrents.make(tmp, "one.bin", 6, 16 * 1024, 50_000);
            TestTorrents.Made two = TestTorrents.make(tmp, "two.bin", 7, 16 * 1024, 50_000);
            Files.write(watch.resolve("one.torrent"), one.torrent());
            Files.write(watch.resolve("broken.torrent"), new byte[] {1, 2, 3});
            // Both may be taken in one scan or in two (a scan can come between the writes), in either order.
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(watch.resolve("one.torrent.added"))
                    && Files.exists(watch.resolve("broken.torrent.invalid")));
            TorrentSession a = d.torrents().get(0);
            TorrentSession b = d.add(two.torrent(), Optional.empty(), Optional.empty()).torrent();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.state() == TorrentState.DOWNLOADING && b.state() == TorrentState.QUEUED);
            d.stop(a);
            await().atMost(Duration.ofSeconds(10)).until(() -> b.state() == TorrentState.DOWNLOADING);
        } finally {
            d.close();
        }
    }

    @Test
    void verifyHashesEveryPieceAndMoveTakesTheFilesAlong() throws Exception {
        TestTorrents.Made multi = TestTorrents.make(tmp, "moving", 8, 16 * 1024, 60_000, 90_000);
        try (TestTorrents seeders = new TestTorrents()) {
            Daemon d = Daemon.start(config());
            try {
                TorrentSession t = d.add(multi.torrent(), Optional.empty(), Optional.empty()).torrent();
                await().atMost(Duration.ofSeconds(30)).until(() -> t.swarm().isPresent());
                seeders.seed(multi, 0, new InetSocketAddress("127.0.0.1", d.peerPort()));
                await().atMost(Duration.ofSeconds(60)).until(() -> t.state() == TorrentState.SEEDING);
                d.verify(t);
                await().atMost(Duration.ofSeconds(20)).until(() -> t.state() == TorrentState.SEEDING
                        && t.piecesHashedAtStart() == multi.meta().info().pieceCount());
                Path elsewhere = tmp.resolve("elsewhere");
                d.move(t, elsewhere, true);
                await().atMost(Duration.ofSeconds(20)).until(() -> t.state() == TorrentState.SEEDING);
                assertThat(t.piecesHashedAtStart()).as("moved files keep their stamps").isZero();
                assertThat(tmp.resolve("downloads/moving")).doesNotExist();
                assertSameFiles(multi.data(), elsewhere);
                d.stop(t);
                d.verify(t); // a stopped torrent is checked and stays stopped
                await().atMost(Duration.ofSeconds(20)).until(() -> t.state() == TorrentState.STOPPED && !t.wanted()
                        && t.piecesHashedAtStart() == multi.meta().info().pieceCount());
            } finally {
                d.close();
            }
        }
    }
}
