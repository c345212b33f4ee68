package connectivity.torrent.tracker;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.meta.UrlBytes;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tracker holds at most so many swarms and peers; past that, announces for new ones get a failure reason. */
@Timeout(60)
class TrackerLimitsTest {
    static final Duration INTERVAL = Duration.ofSeconds(600);
    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final InMemorySwarmStore store = new InMemorySwarmStore();

    Tracker tracker(int maxSwarms, int maxPeersPerSwarm, int maxPeers) {
        return new Tracker(store, TrackerConfig.withInterval(INTERVAL).withLimits(new TrackerLimits(maxSwarms, maxPeersPerSwarm, maxPeers)), clock);
    }

    static byte[] hash(int n) {
        return ByteBuffer.allocate(20).putInt(0x7f000000).putInt(n).array();
    }

    static BDict announce(Tracker t, int hash, int port, String extra) throws Exception {
        String q = "info_hash=" + UrlBytes.encode(hash(hash)) + "&peer_id=" + UrlBytes.encode(TrackerTest.peerId(port))
                + "&port=" + port + "&uploaded=0&downloaded=0&left=5" + extra;
        return Bencode.decodeDict(t.announce(q.getBytes(ISO_8859_1), InetAddress.getLoopbackAddress()));
    }

    @Test
    void aFloodOfMadeUpInfoHashesStopsAtTheDefaultCapOfSwarms() throws Exception {
        Tracker t = new Tracker(store, TrackerConfig.withInterval(INTERVAL), clock);
        int cap = 100_000;
        for (int i = 0; i < cap; i++) assertThat(TrackerTest.failure(announce(t, i, 6881, ""))).as("swarm %d", i).isNull();
        BDict refused = announce(t, cap, 6881, "");
        assertThat(TrackerTest.failure(refused)).isEqualTo("tracker is full (100000 swarms)");
        assertThat(TrackerTest.num(refused, "retry in")).as("minutes: the min interval").isEqualTo(5);
        assertThat(store.swarmCount()).isEqualTo(cap);
        assertThat(TrackerTest.failure(announce(t, 17, 6882, ""))).as("a known swarm still takes new peers").isNull();
    }

    @Test
    void expiredSwarmsMakeRoomWithoutWaitingForThePurge() throws Exception {
        Tracker t = tracker(3, 10, 100);
        for (int i = 0; i < 3; i++) announce(t, i, 7000 + i, "");
        assertThat(TrackerTest.failure(announce(t, 3, 7003, ""))).isEqualTo("tracker is full (3 swarms)");
        clock.advance(INTERVAL.multipliedBy(2).plusSeconds(1));
        assertThat(TrackerTest.failure(announce(t, 3, 7003, ""))).isNull();
        assertThat(store.swarmCount()).isEqualTo(1);
        assertThat(store.peerCount()).isEqualTo(1);
    }

    @Test
    void aFullSwarmRefusesNewPeersButNotThoseItKnows() throws Exception {
        Tracker t = tracker(10, 2, 100);
        announce(t, 1, 7001, "");
        announce(t, 1, 7002, "");
        assertThat(TrackerTest.failure(announce(t, 1, 7003, ""))).isEqualTo("swarm is full (2 peers)");
        assertThat(TrackerTest.failure(announce(t, 1, 7001, "&event=completed"))).isNull();
        announce(t, 1, 7002, "&event=stopped");
        assertThat(TrackerTest.failure(announce(t, 1, 7003, ""))).isNull();
        assertThat(store.stats(new connectivity.torrent.meta.InfoHash(hash(1)), Instant.MIN).incomplete()).isEqualTo(2);
    }

    @Test
    void peersInAllSwarmsTogetherAreCappedAndARefusedNewSwarmIsNotKept() throws Exception {
        Tracker t = tracker(10, 10, 3);
        announce(t, 1, 7001, "");
        announce(t, 1, 7002, "");
        announce(t, 2, 7003, "");
        assertThat(TrackerTest.failure(announce(t, 3, 7004, ""))).isEqualTo("tracker is full (3 peers)");
        assertThat(TrackerTest.failure(announce(t, 1, 7005, ""))).isEqualTo("tracker is full (3 peers)");
        assertThat(store.swarmCount()).isEqualTo(2);
        assertThat(store.peerCount()).isEqualTo(3);
        clock.advance(INTERVAL.multipliedBy(2).plusSeconds(1));
        assertThat(TrackerTest.failure(announce(t, 3, 7004, ""))).as("expired peers made room").isNull();
        assertThat(store.peerCount()).isEqualTo(1);
    }

    @Test
    void aSwarmLeftWithOnlyADownloadCountIsForgottenOnceNobodyAnnouncesToIt() throws Exception {
        Tracker t = tracker(1, 10, 100);
        announce(t, 1, 7001, "&event=completed");
        announce(t, 1, 7001, "&event=stopped");
        assertThat(store.stats(new connectivity.torrent.meta.InfoHash(hash(1)), Instant.MIN).downloaded()).isEqualTo(1);
        assertThat(TrackerTest.failure(announce(t, 2, 7002, ""))).isEqualTo("tracker is full (1 swarms)");
        clock.advance(INTERVAL.multipliedBy(2).plusSeconds(1));
        assertThat(TrackerTest.failure(announce(t, 2, 7002, ""))).isNull();
    }

    @Test
    void racingAnnouncesNeverPassTheCap() throws Exception {
        Tracker t = tracker(100, 10, 1_000_000);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int worker = w;
            tasks.add(() -> {
                int accepted = 0;
                for (int i = 0; i < 500; i++) if (TrackerTest.failure(announce(t, worker * 1000 + i, 7000 + worker, "")) == null) accepted++;
                return accepted;
            });
        }
        int accepted = 0;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Integer> f : pool.invokeAll(tasks)) accepted += f.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(accepted).isEqualTo(100);
        assertThat(store.swarmCount()).isEqualTo(100);
        assertThat(store.peerCount()).isEqualTo(100);
    }
}
