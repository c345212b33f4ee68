package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SwarmTest {
    @TempDir
    Path tmp;

    private final List<Swarm> swarms = new ArrayList<>();

    @AfterEach
    void closeAll() {
        swarms.forEach(Swarm::close);
    }

    private Swarm seeder(TestTorrent t, TestTorrent.Directory dir, String name) throws Exception {
        Path d = tmp.resolve(name);
        t.writeTo(d);
        Swarm s = Swarm.forSeeding(t.layout, t.infoHash, d, TestTorrent.config(), dir.source(), SwarmEvents.NONE).start();
        swarms.add(s);
        return s;
    }

    private Swarm leecher(TestTorrent t, TestTorrent.Directory dir, String name, SwarmEvents events) throws Exception {
        Swarm s = Swarm.forDownload(t.layout, t.infoHash, tmp.resolve(name), TestTorrent.config(), dir.source(), events).start();
        swarms.add(s);
        return s;
    }

    @Test
    void oneSeederFeedsThreeLeechersAndTheyShareWithEachOther() throws Exception {
        TestTorrent t = TestTorrent.single(1, 32 * 1024, 3 * 1024 * 1024 + 12345);
        TestTorrent.Directory dir = new TestTorrent.Directory();
        seeder(t, dir, "seed");
        List<Swarm> leechers = new ArrayList<>();
        for (int i = 0; i < 3; i++) leechers.add(leecher(t, dir, "leech" + i, SwarmEvents.NONE));
        for (Swarm l : leechers) assertThat(l.awaitComplete(Duration.ofSeconds(40))).isTrue();
        for (int i = 0; i < 3; i++) assertThat(t.readFrom(tmp.resolve("leech" + i))).isEqualTo(t.content);
    }

    @Test
    void stoppingRightAfterFinishingStillTellsTheTrackerCompletedThenStopped() throws Exception {
        TestTorrent t = TestTorrent.single(5, 16 * 1024, 200_000);
        TestTorrent.Directory dir = new TestTorrent.Directory();
        seeder(t, dir, "seed");
        List<PeerSource.Event> told = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch completedUnderway = new CountDownLatch(1);
        PeerSource tracker = dir.source();
        // The first "completed" hangs like a slow tracker until close() interrupts it, as with get --no-seed.
        PeerSource slowOnCompleted = (event, stats) -> {
            if (event == PeerSource.Event.COMPLETED && completedUnderway.getCount() > 0) {
                completedUnderway.countDown();
                try {
                    new CountDownLatch(1).await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException("Closed by interrupt");
                }
            }
            PeerSource.Response r = tracker.announce(event, stats);
            told.add(event);
            return r;
        };
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        SwarmEvents events = new SwarmEvents() {
            @Override
            public void trackerFailed(String message) {
                failures.add(message);
            }
        };
        Swarm l = Swarm.forDownload(t.layout, t.infoHash, tmp.resolve("leech"), TestTorrent.config(), slowOnCompleted, events).start();
        swarms.add(l);
        assertThat(l.awaitComplete(Duration.ofSeconds(30))).isTrue();
        assertThat(completedUnderway.await(10, TimeUnit.SECONDS)).isTrue();
        l.close();
        assertThat(told).first().isEqualTo(PeerSource.Event.STARTED);
        assertThat(told.subList(told.size() - 2, told.size())).containsExactly(PeerSource.Event.COMPLETED, PeerSource.Event.STOPPED);
        assertThat(told).filteredOn(e -> e == PeerSource.Event.COMPLETED).hasSize(1);
        assertThat(failures).isEmpty();
    }

    @Test
    void multiFileTorrentWithPiecesAcrossFileBoundaries() throws Exception {
        TestTorrent t = new TestTorrent(2, 16 * 1024, List.of("a.txt", "empty", "b.bin", "c.bin"), 1000, 0, 70_000, 33_333);
        TestTorrent.Directory dir = new TestTorrent.Directory();
        seeder(t, dir, "seed");
        Swarm l = leecher(t, dir, "leech", SwarmEvents.NONE);
        assertThat(l.awaitComplete(Duration.ofSeconds(30))).isTrue();
        assertThat(t.readFrom(tmp.resolve("leech"))).isEqualTo(t.content);
    }

    @Test
    void aLateLeecherGetsEverythingAndTheLeechersFinishFromEachOtherAfterTheSeederLeaves() throws Exception {
        TestTorrent t = TestTorrent.single(3, 16 * 1024, 4 * 1024 * 1024);
        TestTorrent.Directory dir = new TestTorrent.Directory();
        Swarm[] pair = new Swarm[2];
        Swarm[] seed = new Swarm[1];
        java.util.concurrent.atomic.AtomicBoolean someoneIncomplete = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch seedGone = new java.util.concurrent.CountDownLatch(1);
        SwarmEvents watch = new SwarmEvents() {
            @Override
            public synchronized void pieceVerified(int piece, String fromPeer) {
                if (seedGone.getCount() == 0) return;
                java.util.BitSet union = pair[0].have();
                union.or(pair[1].have());
                if (union.cardinality() < t.layout.pieceCount()) return;
                // Every piece is somewhere among the leechers: the seeder leaves, the leechers are not done yet.
                someoneIncomplete.set(!pair[0].isComplete() || !pair[1].isComplete());
                seed[0].close();
                seedGone.countDown();
            }
        };
        pair[0] = leecher(t, dir, "a", watch);
        pair[1] = leecher(t, dir, "b", watch);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pair[0].peerCount() == 1 && pair[1].peerCount() == 1);
        Path d = tmp.resolve("seed");
        t.writeTo(d);
        // A slow seeder, so the leechers are mid-way when every piece has left it once.
        seed[0] = Swarm.forSeeding(t.layout, t.infoHash, d, TestTorrent.config().withUploadLimit(2 * 1024 * 1024), dir.source(),
                SwarmEvents.NONE).start();
        swarms.add(seed[0]);
        assertThat(seedGone.await(40, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Swarm late = leecher(t, dir, "late", SwarmEvents.NONE);
        for (Swarm s : List.of(pair[0], pair[1], late)) assertThat(s.awaitComplete(Duration.ofSeconds(40))).isTrue();
        for (String name : List.of("a", "b", "late")) assertThat(t.readFrom(tmp.resolve(name))).isEqualTo(t.content);
        assertThat(someoneIncomplete).as("the seeder left before the leechers were done").isTrue();
    }

    @Test
    void theSeederUnchokesItsSlotsPlusOneOptimisticAndRotatesIt() throws Exception {
        TestTorrent t = TestTorrent.single(4, 16 * 1024, 8 * 1024 * 1024);
        TestTorrent.Directory dir = new TestTorrent.Directory();
        Path d = tmp.resolve("seed");
        t.writeTo(d);
        // One regular slot, re-chosen every 100 ms, optimistic slot moving every 300 ms; slow, so the leechers stay interested.
        SwarmConfig config = TestTorrent.config().withChoking(1, Duration.ofMillis(100), Duration.ofMillis(300)).withUploadLimit(512 * 1024);
        Swarm seed = Swarm.forSeeding(t.layout, t.infoHash, d, config, dir.source(), SwarmEvents.NONE).start();
        swarms.add(seed);
        for (int i = 0; i < 3; i++) leecher(t, dir, "l" + i, SwarmEvents.NONE);
        java.util.Set<String> everUnchoked = new java.util.HashSet<>();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            List<String> now = seed.unchokedPeers();
            most.accumulateAndGet(now.size(), Math::max);
            everUnchoked.addAll(now);
            return everUnchoked.size() == 3 && seed.peerCount() == 3;
        });
        assertThat(most.get()).isLessThanOrEqualTo(2);
    }
}
