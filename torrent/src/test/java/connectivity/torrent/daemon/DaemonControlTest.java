package connectivity.torrent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import connectivity.torrent.daemon.rpc.TorrentAdder;
import connectivity.torrent.daemon.rpc.TransmissionRpc;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Stops that nobody waits for, a remove racing a magnet's metadata, and what a bad piece counts. */
@Timeout(120)
class DaemonControlTest {
    @TempDir
    Path tmp;

    private DaemonConfig config() {
        return DaemonConfig.of(tmp.resolve("downloads"), tmp.resolve("config")).withPeerPort("127.0.0.1", 0)
                .withSwarm(SwarmConfig.builder().bind("127.0.0.1", 0).pex(false).build());
    }

    /** Holds every swarm's close until {@link #release}. */
    static final class SlowStop implements RunnerHooks {
        final CountDownLatch closing = new CountDownLatch(1), release = new CountDownLatch(1);
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void closing(TorrentSession t, Swarm s) throws InterruptedException {
            closes.incrementAndGet();
            closing.countDown();
            release.await(60, TimeUnit.SECONDS);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSlowStopBlocksNeitherTheRpcNorTheQueueAndARestartWaitsForIt() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "slow.bin", 11, 16 * 1024, 200_000);
        SlowStop hooks = new SlowStop();
        Daemon d = Daemon.start(config(), hooks);
        try {
            TransmissionRpc rpc = new TransmissionRpc(d, new TorrentAdder(false));
            TorrentSession t = d.add(made.torrent(), Optional.empty(), Optional.empty()).torrent();
            await().atMost(Duration.ofSeconds(30)).until(() -> t.state() == TorrentState.DOWNLOADING);
            // The stop, a start and the RPC all answer while the swarm's close is held (a hang here fails by the timeout).
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                d.stop(t);
                assertThat(hooks.closing.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(t.state()).isEqualTo(TorrentState.STOPPING);
                d.start(t);
                d.reconcile();
                Map<String, Object> got = rpc.call(Map.of("method", "torrent-get", "arguments", Map.of("fields", List.of("id", "state", "status"))));
                List<Map<String, Object>> ts = (List<Map<String, Object>>) ((Map<String, Object>) got.get("arguments")).get("torrents");
                assertThat(ts).singleElement().satisfies(m -> assertThat(m).containsEntry("state", "stopping").containsEntry("status", 0L));
                d.save();
            });
            assertThat(t.swarm()).as("not started again while its files are still open").isEmpty();
            hooks.release.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> t.state() == TorrentState.DOWNLOADING && t.swarm().isPresent());
            assertThat(hooks.closes.get()).isEqualTo(1);
        } finally {
            hooks.release.countDown();
            d.close();
        }
    }

    @Test
    void aVerifyOnlyTorrentStoppingSlowlyHoldsUpNeitherTheQueueNorTheRpc() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "checked.bin", 15, 16 * 1024, 100_000);
        SlowStop hooks = new SlowStop();
        Daemon d = Daemon.start(config(), hooks);
        try {
            // Its data is there (the seed folder); added paused, then verified: it runs to check, then stops again.
            TorrentSession t = d.add(made.torrent(), Optional.of(made.data()), Optional.of(true)).torrent();
            d.verify(t);
            assertThat(hooks.closing.await(30, TimeUnit.SECONDS)).as("the check ended and the stop began").isTrue();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                d.reconcile();
                assertThat(d.torrents()).containsExactly(t);
                assertThat(t.state()).isEqualTo(TorrentState.STOPPING);
                d.save();
            });
            hooks.release.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> t.state() == TorrentState.STOPPED && !t.wanted() && !t.busy());
            assertThat(t.have().cardinality()).isEqualTo(made.meta().info().pieceCount());
            assertThat(t.piecesHashedAtStart()).isEqualTo(made.meta().info().pieceCount());
        } finally {
            hooks.release.countDown();
            d.close();
        }
    }

    @Test
    void aMagnetRemovedWhileItsMetadataComesLeavesNoTorrentFileBehind() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "gone.bin", 12, 16 * 1024, 100_000);
        CountDownLatch fetched = new CountDownLatch(1), release = new CountDownLatch(1);
        RunnerHooks hooks = new RunnerHooks() {
            @Override
            public void metadataFetched(TorrentSession t) {
                fetched.countDown();
                // Deaf to the stop's interrupt (as if it came between the fetch's end and the write): only the
                // generation check can keep the write from happening.
                for (int k = 0; k < 100; k++) {
                    try {
                        if (release.await(60, TimeUnit.SECONDS)) return;
                    } catch (InterruptedException e) {
                        // swallowed on purpose
                    }
                }
            }
        };
        try (TestTorrents seeders = new TestTorrents()) {
            Swarm seeder = seeders.seed(made, 0, null);
            String hex = made.meta().infoHash().hex();
            Daemon d = Daemon.start(config().withDhtBootstrap(List.of()), hooks);
            try {
                TorrentSession t = d.addMagnet("magnet:?xt=urn:btih:" + hex + "&x.pe=127.0.0.1:" + seeder.port(), Optional.empty(), Optional.empty())
                        .torrent();
                assertThat(fetched.await(60, TimeUnit.SECONDS)).as("the metadata came").isTrue();
                d.remove(t, true);
                release.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> !t.busy());
                assertThat(tmp.resolve("config/torrents/" + hex + ".torrent")).doesNotExist();
                assertThat(t.meta()).isEmpty();
                assertThat(d.torrents()).isEmpty();
            } finally {
                release.countDown();
                d.close();
            }
            assertThat(tmp.resolve("config/torrents/" + hex + ".torrent")).doesNotExist();
        }
    }

    @Test
    void aPieceThatFailsItsHashCountsInCorruptEver() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "bad.bin", 13, 16 * 1024, 160_000);
        try (TestTorrents seeders = new TestTorrents()) {
            Daemon d = Daemon.start(config());
            try {
                TorrentSession t = d.add(made.torrent(), Optional.empty(), Optional.empty()).torrent();
                await().atMost(Duration.ofSeconds(30)).until(() -> t.swarm().isPresent());
                Swarm seeder = seeders.seed(made, 0, null);
                // The seeder checked its data when it started; what it serves from now on is changed in piece 3.
                try (RandomAccessFile f = new RandomAccessFile(made.data().resolve("bad.bin").toFile(), "rw")) {
                    f.seek(3 * 16 * 1024 + 100);
                    f.write(~f.read());
                }
                seeder.connect(List.of(new InetSocketAddress("127.0.0.1", d.peerPort())));
                await().atMost(Duration.ofSeconds(60)).until(() -> t.activity().corruptBytes() > 0);
                assertThat(t.activity().corruptBytes() % (16 * 1024)).isZero();
                assertThat(t.have().get(3)).isFalse();
            } finally {
                d.close();
            }
            DaemonState saved = DaemonState.load(tmp.resolve("config"));
            assertThat(saved.torrents().get(0).activity().corruptBytes()).isPositive();
        }
    }

    @Test
    void activityIsSavedAndRestored() throws Exception {
        Files.createDirectories(tmp);
        SavedTorrent s = new SavedTorrent(4, "ab".repeat(20), "magnet:?xt=urn:btih:" + "ab".repeat(20), "x", tmp.toString(), true, 1, 0, 0, 0,
                0, 0, new java.util.BitSet(), List.of(), new Activity(7_000, 9_000, 32_768, 1_234_000),
                new connectivity.torrent.swarm.FileChoices(List.of(true, false, true), List.of(1, 0, -1)));
        new DaemonState(5, 5, Settings.defaults().withDht(false), List.of(s), new SessionTotals.Totals(1, 2, 3, 4, 5)).save(tmp);
        DaemonState back = DaemonState.load(tmp);
        assertThat(back.settings().dht()).isFalse();
        assertThat(back.totals()).isEqualTo(new SessionTotals.Totals(1, 2, 3, 4, 5));
        assertThat(back.torrents().get(0).activity()).isEqualTo(new Activity(7_000, 9_000, 32_768, 1_234_000));
        assertThat(back.torrents().get(0).choices()).isEqualTo(s.choices());
        Activity a = Activity.NONE.spent(TorrentState.DOWNLOADING, 1500, true, 10).spent(TorrentState.SEEDING, 700, false, 20)
                .spent(TorrentState.STOPPED, 5000, false, 30);
        assertThat(a).isEqualTo(new Activity(1500, 700, 0, 10));
    }

    @Test
    @SuppressWarnings("unchecked")
    void sessionStatsCountThisRunAndEveryRun() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "counted.bin", 14, 16 * 1024, 150_000);
        try (TestTorrents seeders = new TestTorrents()) {
            Daemon d = Daemon.start(config());
            try {
                TorrentSession t = d.add(made.torrent(), Optional.empty(), Optional.empty()).torrent();
                await().atMost(Duration.ofSeconds(30)).until(() -> t.swarm().isPresent());
                seeders.seed(made, 0, new InetSocketAddress("127.0.0.1", d.peerPort()));
                await().atMost(Duration.ofSeconds(60)).until(() -> t.state() == TorrentState.SEEDING);
                await().atMost(Duration.ofSeconds(10)).until(() -> d.currentTotals().downloadedBytes() >= 150_000);
                assertThat(d.currentTotals().filesAdded()).isEqualTo(1);
            } finally {
                d.close();
            }
            Daemon again = Daemon.start(config());
            try {
                Map<String, Object> stats = (Map<String, Object>) new TransmissionRpc(again, new TorrentAdder(false))
                        .call(Map.of("method", "session-stats")).get("arguments");
                Map<String, Object> current = (Map<String, Object>) stats.get("current-stats");
                Map<String, Object> cumulative = (Map<String, Object>) stats.get("cumulative-stats");
                assertThat(current).containsEntry("downloadedBytes", 0L).containsEntry("filesAdded", 0L).containsEntry("sessionCount", 1L);
                assertThat(cumulative).containsEntry("filesAdded", 1L).containsEntry("sessionCount", 2L);
                assertThat((Long) cumulative.get("downloadedBytes")).isGreaterThanOrEqualTo(150_000L);
            } finally {
                again.close();
            }
        }
    }
}
