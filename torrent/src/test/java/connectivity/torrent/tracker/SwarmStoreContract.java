package connectivity.torrent.tracker;

import static connectivity.torrent.tracker.TrackerTest.HASH;
import static connectivity.torrent.tracker.TrackerTest.INTERVAL;
import static connectivity.torrent.tracker.TrackerTest.LOOPBACK;
import static connectivity.torrent.tracker.TrackerTest.compactPeers;
import static connectivity.torrent.tracker.TrackerTest.compactPorts;
import static connectivity.torrent.tracker.TrackerTest.failure;
import static connectivity.torrent.tracker.TrackerTest.hash;
import static connectivity.torrent.tracker.TrackerTest.num;
import static connectivity.torrent.tracker.TrackerTest.peerId;
import static connectivity.torrent.tracker.TrackerTest.query;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.meta.UrlBytes;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link SwarmStore} does, seen through the {@link Tracker} that uses it: who is a peer (address and
 * port), what peer id and key may change, expiry, sampling, counts and the {@link TrackerLimits} caps. Each
 * store's test extends it with a fresh, empty store per test.
 */
@Timeout(60)
public abstract class SwarmStoreContract {
    protected final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    protected SwarmStore store;
    protected Tracker tracker;

    /** A store holding nothing, for one test. */
    protected abstract SwarmStore emptyStore() throws Exception;

    /** Swarms the store holds now. */
    protected abstract int swarmCount();

    /** Peers the store holds now, in all swarms. */
    protected abstract int peerCount();

    @BeforeEach
    void freshStore() throws Exception {
        store = emptyStore();
        tracker = new Tracker(store, TrackerConfig.withInterval(INTERVAL), clock);
    }

    Tracker tracker(int maxSwarms, int maxPeersPerSwarm, int maxPeers) {
        return new Tracker(store, TrackerConfig.withInterval(INTERVAL).withLimits(new TrackerLimits(maxSwarms, maxPeersPerSwarm, maxPeers)), clock);
    }

    BDict announce(String q, InetAddress from) throws Exception {
        return Bencode.decodeDict(tracker.announce(q.getBytes(ISO_8859_1), from));
    }

    BDict announce(String q) throws Exception {
        return announce(q, LOOPBACK);
    }

    @Test
    void compactAnnounceReturnsOtherPeersAndCounts() throws Exception {
        BDict first = announce(query(HASH, 1, 6881, 100, "&event=started&compact=1"));
        assertThat(failure(first)).isNull();
        assertThat(num(first, "interval")).isEqualTo(600);
        assertThat(num(first, "min interval")).isEqualTo(300);
        assertThat(compactPorts(first)).isEmpty();
        announce(query(HASH, 2, 6882, 0, "&event=started"));
        BDict third = announce(query(HASH, 3, 6883, 50, "&compact=1"));
        assertThat(compactPorts(third)).containsExactlyInAnyOrder(6881, 6882);
        assertThat(num(third, "complete")).isEqualTo(1);
        assertThat(num(third, "incomplete")).isEqualTo(2);
    }

    @Test
    void aSeederIsNotSentOtherSeeders() throws Exception {
        announce(query(HASH, 1, 7001, 0, ""));
        announce(query(HASH, 2, 7002, 0, ""));
        announce(query(HASH, 3, 7003, 10, ""));
        assertThat(compactPorts(announce(query(HASH, 4, 7004, 0, "")))).containsExactly(7003);
        assertThat(compactPorts(announce(query(HASH, 5, 7005, 99, "")))).containsExactlyInAnyOrder(7001, 7002, 7003, 7004);
    }

    /** aria2c fetching a magnet link announces left=0 with event=started before it knows the size. */
    @Test
    void aSeederIsSentSeedersOnItsStartedAnnounce() throws Exception {
        announce(query(HASH, 1, 7001, 0, ""));
        announce(query(HASH, 2, 7002, 10, ""));
        assertThat(compactPorts(announce(query(HASH, 3, 7003, 0, "&event=started")))).containsExactlyInAnyOrder(7001, 7002);
        assertThat(compactPorts(announce(query(HASH, 3, 7003, 0, "")))).containsExactly(7002);
    }

    @Test
    void stoppedRemovesThePeerAtOnce() throws Exception {
        announce(query(HASH, 1, 7001, 5, ""));
        announce(query(HASH, 2, 7002, 5, ""));
        BDict stop = announce(query(HASH, 1, 7001, 5, "&event=stopped"));
        assertThat(compactPorts(stop)).isEmpty();
        assertThat(compactPorts(announce(query(HASH, 3, 7003, 5, "")))).containsExactly(7002);
        assertThat(store.stats(new InfoHash(HASH), Instant.MIN).incomplete()).isEqualTo(2);
    }

    @Test
    void peersThatStopAnnouncingExpireAfterTwoIntervals() throws Exception {
        announce(query(HASH, 1, 7001, 5, ""));
        clock.advance(INTERVAL);
        announce(query(HASH, 2, 7002, 5, ""));
        clock.advance(INTERVAL.minusSeconds(1));
        assertThat(compactPorts(announce(query(HASH, 3, 7003, 5, "")))).as("1 is 2 intervals - 1 s old").containsExactlyInAnyOrder(7001, 7002);
        clock.advance(Duration.ofSeconds(2));
        BDict later = announce(query(HASH, 3, 7003, 5, ""));
        assertThat(compactPorts(later)).as("1 has expired").containsExactly(7002);
        assertThat(num(later, "incomplete")).isEqualTo(2);
        clock.advance(INTERVAL.multipliedBy(3));
        assertThat(tracker.purgeExpired()).isEqualTo(2);
        assertThat(swarmCount()).isZero();
    }

    @Test
    void reannouncingReplacesThePeerInsteadOfAddingIt() throws Exception {
        announce(query(HASH, 1, 7001, 5, ""));
        announce(query(HASH, 1, 7001, 0, "&event=completed"));
        BDict d = announce(query(HASH, 2, 7002, 5, ""));
        assertThat(num(d, "complete")).isEqualTo(1);
        assertThat(num(d, "incomplete")).isEqualTo(1);
    }

    @Test
    void anAnnounceWithAVictimsPeerIdFromElsewhereNeitherReplacesNorRemovesIt() throws Exception {
        InetAddress victim = InetAddress.getByName("198.18.0.1");
        InetAddress attacker = InetAddress.getByName("198.18.0.66");
        InetAddress observer = InetAddress.getByName("198.18.0.2");
        announce(query(HASH, 1, 7001, 5, "&event=started"), victim);

        announce(query(HASH, 1, 7001, 5, "&event=stopped"), attacker);
        assertThat(compactPeers(announce(query(HASH, 2, 7002, 5, ""), observer))).as("stopped from elsewhere").contains("198.18.0.1:7001");

        announce(query(HASH, 1, 9999, 5, ""), attacker);
        assertThat(compactPeers(announce(query(HASH, 2, 7002, 5, ""), observer)))
                .as("the victim's entry is still where it was; the attacker is a peer of its own")
                .containsExactlyInAnyOrder("198.18.0.1:7001", "198.18.0.66:9999");

        announce(query(HASH, 1, 7001, 5, "&event=stopped"), victim);
        assertThat(compactPeers(announce(query(HASH, 2, 7002, 5, ""), observer))).as("the peer itself may leave")
                .containsExactly("198.18.0.66:9999");
    }

    @Test
    void aPeerIsItsAddressAndPortSoARestartWithANewPeerIdReplacesIt() throws Exception {
        announce(query(HASH, 1, 7001, 5, ""));
        announce(query(HASH, 11, 7001, 0, "")); // same address and port, new peer id: the same client restarted
        BDict d = announce(query(HASH, 2, 7002, 5, ""));
        assertThat(compactPorts(d)).containsExactly(7001);
        assertThat(num(d, "complete")).isEqualTo(1);
        assertThat(num(d, "incomplete")).isEqualTo(1);
    }

    @Test
    void aPeerThatMovedProvesItWithItsKeyAndTakesItsEntryAlong() throws Exception {
        InetAddress before = InetAddress.getByName("198.18.0.1");
        InetAddress after = InetAddress.getByName("198.18.0.9");
        InetAddress attacker = InetAddress.getByName("198.18.0.66");
        InetAddress observer = InetAddress.getByName("198.18.0.2");
        announce(query(HASH, 1, 7001, 5, "&key=5eCr3t01"), before);

        announce(query(HASH, 1, 7001, 5, "&key=guessed1&event=stopped"), attacker);
        announce(query(HASH, 1, 7001, 5, "&event=stopped"), attacker);
        assertThat(compactPeers(announce(query(HASH, 2, 7002, 5, ""), observer))).as("a wrong key or none proves nothing")
                .containsExactly("198.18.0.1:7001");

        announce(query(HASH, 1, 7001, 5, "&key=5eCr3t01"), after);
        BDict moved = announce(query(HASH, 2, 7002, 5, ""), observer);
        assertThat(compactPeers(moved)).containsExactly("198.18.0.9:7001");
        assertThat(num(moved, "incomplete")).isEqualTo(2);

        announce(query(HASH, 1, 7001, 5, "&key=5eCr3t01&event=stopped"), before);
        assertThat(compactPeers(announce(query(HASH, 2, 7002, 5, ""), observer))).as("stopped from where it was, with its key")
                .isEmpty();
    }

    @Test
    void aDualStackPeerWithOneKeyIsOnePeerPerAddressFamily() throws Exception {
        InetAddress v4 = InetAddress.getByName("198.18.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        announce(query(HASH, 1, 7001, 5, "&key=k1"), v4);
        announce(query(HASH, 1, 7001, 5, "&key=k1"), v6);
        BDict d = announce(query(HASH, 2, 7002, 5, ""), InetAddress.getByName("198.18.0.2"));
        assertThat(compactPeers(d)).containsExactly("198.18.0.1:7001");
        assertThat(((BBytes) d.get("peers6").orElseThrow()).bytes()).hasSize(18);
    }

    @Test
    void dictionaryPeersWhenCompactIsZero() throws Exception {
        announce(query(HASH, 1, 7001, 5, ""));
        BDict d = announce(query(HASH, 2, 7002, 5, "&compact=0"));
        BList peers = (BList) d.get("peers").orElseThrow();
        assertThat(peers.values()).hasSize(1);
        BDict p = (BDict) peers.get(0);
        assertThat(((BBytes) p.get("ip").orElseThrow()).utf8Lenient()).isEqualTo("127.0.0.1");
        assertThat(num(p, "port")).isEqualTo(7001);
        assertThat(((BBytes) p.get("peer id").orElseThrow()).bytes()).isEqualTo(peerId(1));

        BDict noId = announce(query(HASH, 3, 7003, 5, "&compact=0&no_peer_id=1"));
        assertThat(((BList) noId.get("peers").orElseThrow()).values()).allSatisfy(v -> assertThat(((BDict) v).containsKey("peer id")).isFalse());
    }

    @Test
    void ipv6PeersGoToPeers6() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        announce(query(HASH, 1, 7001, 5, ""), v6);
        announce(query(HASH, 2, 7002, 5, ""));
        BDict d = announce(query(HASH, 3, 7003, 5, ""));
        byte[] peers6 = ((BBytes) d.get("peers6").orElseThrow()).bytes();
        assertThat(peers6).hasSize(18);
        assertThat(Arrays.copyOfRange(peers6, 0, 16)).isEqualTo(v6.getAddress());
        assertThat(ByteBuffer.wrap(peers6, 16, 2).getShort()).isEqualTo((short) 7001);
        assertThat(compactPorts(d)).containsExactly(7002);
    }

    @Test
    void numwantLimitsThePeerList() throws Exception {
        for (int i = 1; i <= 30; i++) announce(query(HASH, i, 7000 + i, 5, ""));
        assertThat(compactPorts(announce(query(HASH, 99, 7099, 5, "&numwant=7")))).hasSize(7);
        assertThat(compactPorts(announce(query(HASH, 99, 7099, 5, "&numwant=0")))).isEmpty();
        assertThat(compactPorts(announce(query(HASH, 99, 7099, 5, "")))).hasSize(30);
    }

    @Test
    void scrapeCountsSeedersLeechersAndCompletedDownloads() throws Exception {
        byte[] other = hash(2);
        announce(query(HASH, 1, 7001, 0, "&event=started"));
        announce(query(HASH, 2, 7002, 5, "&event=started"));
        announce(query(HASH, 2, 7002, 0, "&event=completed"));
        announce(query(HASH, 3, 7003, 5, ""));
        String q = "info_hash=" + UrlBytes.encode(HASH) + "&info_hash=" + UrlBytes.encode(other);
        BDict files = (BDict) Bencode.decodeDict(tracker.scrape(q.getBytes(ISO_8859_1), LOOPBACK)).get("files").orElseThrow();
        BDict s = (BDict) files.entries().get(BBytes.of(HASH));
        assertThat(num(s, "complete")).isEqualTo(2);
        assertThat(num(s, "incomplete")).isEqualTo(1);
        assertThat(num(s, "downloaded")).isEqualTo(1);
        BDict none = (BDict) files.entries().get(BBytes.of(other));
        assertThat(num(none, "complete") + num(none, "incomplete") + num(none, "downloaded")).isZero();
    }

    @Test
    void expiredSwarmsMakeRoomWithoutWaitingForThePurge() throws Exception {
        Tracker t = tracker(3, 10, 100);
        for (int i = 0; i < 3; i++) TrackerLimitsTest.announce(t, i, 7000 + i, "");
        assertThat(failure(TrackerLimitsTest.announce(t, 3, 7003, ""))).isEqualTo("tracker is full (3 swarms)");
        clock.advance(INTERVAL.multipliedBy(2).plusSeconds(1));
        assertThat(failure(TrackerLimitsTest.announce(t, 3, 7003, ""))).isNull();
        assertThat(swarmCount()).isEqualTo(1);
        assertThat(peerCount()).isEqualTo(1);
    }

    @Test
    void aFullSwarmRefusesNewPeersButNotThoseItKnows() throws Exception {
        Tracker t = tracker(10, 2, 100);
        TrackerLimitsTest.announce(t, 1, 7001, "");
        TrackerLimitsTest.announce(t, 1, 7002, "");
        assertThat(failure(TrackerLimitsTest.announce(t, 1, 7003, ""))).isEqualTo("swarm is full (2 peers)");
        assertThat(failure(TrackerLimitsTest.announce(t, 1, 7001, "&event=completed"))).isNull();
        TrackerLimitsTest.announce(t, 1, 7002, "&event=stopped");
        assertThat(failure(TrackerLimitsTest.announce(t, 1, 7003, ""))).isNull();
        assertThat(store.stats(new InfoHash(TrackerLimitsTest.hash(1)), Instant.MIN).incomplete()).isEqualTo(2);
    }

    @Test
    void peersInAllSwarmsTogetherAreCappedAndARefusedNewSwarmIsNotKept() throws Exception {
        Tracker t = tracker(10, 10, 3);
        TrackerLimitsTest.announce(t, 1, 7001, "");
        TrackerLimitsTest.announce(t, 1, 7002, "");
        TrackerLimitsTest.announce(t, 2, 7003, "");
        assertThat(failure(TrackerLimitsTest.announce(t, 3, 7004, ""))).isEqualTo("tracker is full (3 peers)");
        assertThat(failure(TrackerLimitsTest.announce(t, 1, 7005, ""))).isEqualTo("tracker is full (3 peers)");
        assertThat(swarmCount()).isEqualTo(2);
        assertThat(peerCount()).isEqualTo(3);
        clock.advance(INTERVAL.multipliedBy(2).plusSeconds(1));
        assertThat(failure(TrackerLimitsTest.announce(t, 3, 7004, ""))).as("expired peers made room").isNull();
        assertThat(peerCount()).isEqualTo(1);
    }

    @Test
    void aSwarmLeftWithOnlyADownloadCountIsForgottenOnceNobodyAnnouncesToIt() throws Exception {
        Tracker t = tracker(1, 10, 100);
        TrackerLimitsTest.announce(t, 1, 7001, "&event=completed");
        TrackerLimitsTest.announce(t, 1, 7001, "&event=stopped");
        assertThat(store.stats(new InfoHash(TrackerLimitsTest.hash(1)), Instant.MIN).downloaded()).isEqualTo(1);
        assertThat(failure(TrackerLimitsTest.announce(t, 2, 7002, ""))).isEqualTo("tracker is full (1 swarms)");
        clock.advance(INTERVAL.multipliedBy(2).plusSeconds(1));
        assertThat(failure(TrackerLimitsTest.announce(t, 2, 7002, ""))).isNull();
    }

    @Test
    void racingAnnouncesNeverPassTheCap() throws Exception {
        Tracker t = tracker(100, 10, 1_000_000);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int worker = w;
            tasks.add(() -> {
                int accepted = 0;
                for (int i = 0; i < 500; i++) if (failure(TrackerLimitsTest.announce(t, worker * 1000 + i, 7000 + worker, "")) == null) accepted++;
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
        assertThat(swarmCount()).isEqualTo(100);
        assertThat(peerCount()).isEqualTo(100);
    }
}
