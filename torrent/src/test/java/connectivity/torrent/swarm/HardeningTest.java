package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.net.Connection;
import connectivity.net.Listener;
import connectivity.torrent.peer.Handshake;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.WireCodec;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, the swarm: a peer that never reads, idle peers holding every slot, hand-given peers and a dead tracker. */
@Timeout(60)
class HardeningTest {
    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeMe = new ArrayList<>();
    private int nextId;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeMe.reversed()) c.close();
    }

    private Swarm seeder(TestTorrent t, SwarmConfig config) throws Exception {
        Path d = tmp.resolve("seed");
        t.writeTo(d);
        Swarm s = Swarm.forSeeding(t.layout, t.infoHash, d, config, PeerSource.fixed(List.of(), Duration.ofMinutes(5)), SwarmEvents.NONE)
                .start();
        closeMe.add(s);
        return s;
    }

    /** A raw peer, handshaken with {@code swarm} (fast extension on), that then does only what the test says. */
    private Connection raw(Swarm swarm, TestTorrent t) throws IOException {
        Connection c = Connection.dial("127.0.0.1", swarm.port(), Duration.ofSeconds(5));
        closeMe.add(c);
        Handshake.ours(t.infoHash, String.format("-XX0001-raw%09d", nextId++).getBytes()).write(c.output());
        assertThat(Handshake.read(c.input()).sameTorrent(t.infoHash)).isTrue();
        return c;
    }

    @Test
    void aPeerThatFloodsRequestsAndNeverReadsIsDroppedInsteadOfQueuedForWithoutBound() throws Exception {
        TestTorrent t = TestTorrent.single(51, 16 * 1024, 64 * 16 * 1024);
        Swarm seed = seeder(t, TestTorrent.config());
        Connection c = raw(seed, t);
        await().atMost(Duration.ofSeconds(5)).until(() -> seed.peerCount() == 1);
        c.socket().setReceiveBufferSize(4096); // we read nothing: fill up soon
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(c.output(), 64 * 1024));
        // Not interested, so choked: every request is answered with a reject we never read. Millions of them would
        // fill any heap; the swarm must give up on us long before (our writes then fail).
        try {
            for (int i = 0; i < 2_000_000; i++) {
                WireCodec.write(out, new Message.Request(i % 64, 0, 16 * 1024));
                if (i % 10_000 == 0 && seed.peerCount() == 0) break;
            }
            out.flush();
        } catch (IOException dropped) {
            // the swarm closed the connection
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> seed.peerCount() == 0);
    }

    @Test
    void whenEverySlotIsTakenAPeerWithNothingToTradeMakesRoomForANewcomer() throws Exception {
        TestTorrent t = TestTorrent.single(52, 16 * 1024, 8 * 16 * 1024);
        Swarm seed = seeder(t, TestTorrent.config().withMaxPeers(2).withTradeGrace(Duration.ZERO));
        Connection idle1 = raw(seed, t);
        await().atMost(Duration.ofSeconds(5)).until(() -> seed.peerCount() == 1); // so it is surely the one idle longest
        raw(seed, t);
        await().atMost(Duration.ofSeconds(5)).until(() -> seed.peerCount() == 2);
        Connection newcomer = raw(seed, t);
        newcomer.readTimeout(Duration.ofSeconds(15));
        Message first = new WireCodec(t.layout.pieceCount()).read(new DataInputStream(newcomer.input()));
        assertThat(first).isEqualTo(Message.HAVE_ALL); // admitted: it hears what we have
        // The peer closed for it leaves the list when its own thread ends, a moment after the newcomer is admitted.
        await().atMost(Duration.ofSeconds(5)).until(() -> seed.peerCount() == 2);
        // One of the idle two was closed for it: the one idle longest, the first.
        assertThat(RawPeers.closedBySwarm(idle1)).isTrue();
        assertThat(seed.peers()).hasSize(2).noneMatch(p -> p.contains(":" + idle1.localAddress().getPort() + " "));
    }

    @Test
    void peersThatTradeKeepTheirSlotsAndTheNewcomerIsRefused() throws Exception {
        TestTorrent t = TestTorrent.single(53, 16 * 1024, 8 * 16 * 1024);
        Swarm seed = seeder(t, TestTorrent.config().withMaxPeers(2).withTradeGrace(Duration.ZERO));
        for (int i = 0; i < 2; i++) {
            Connection c = raw(seed, t);
            DataOutputStream out = new DataOutputStream(c.output());
            WireCodec.write(out, Message.INTERESTED);
            out.flush();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> seed.unchokedPeers().size() == 2);
        Connection newcomer = raw(seed, t);
        assertThat(RawPeers.closedBySwarm(newcomer)).isTrue();
        assertThat(seed.peerCount()).isEqualTo(2);
    }

    @Test
    void aPeerGivenByHandIsRedialledWithBackoffWhileTheTrackerFails() throws Exception {
        TestTorrent t = TestTorrent.single(54, 16 * 1024, 32 * 16 * 1024);
        // At first nothing useful listens where the hand-given peer will be: connections are taken and closed.
        CountDownLatch firstDial = new CountDownLatch(1);
        Listener placeholder = Listener.start("placeholder", "127.0.0.1", 0, c -> firstDial.countDown());
        int port = placeholder.port();
        List<String> trackerFailures = new ArrayList<>();
        SwarmEvents events = new SwarmEvents() {
            @Override
            public synchronized void trackerFailed(String message) {
                trackerFailures.add(message);
            }
        };
        PeerSource deadTracker = (event, stats) -> {
            throw new IOException("tracker unreachable");
        };
        Swarm leecher = Swarm.forDownload(t.layout, t.infoHash, tmp.resolve("leech"),
                TestTorrent.config().withRedial(Duration.ofMillis(200), Duration.ofSeconds(2)), deadTracker, events).start();
        closeMe.add(leecher);
        leecher.connect(List.of(new InetSocketAddress("127.0.0.1", port)));
        assertThat(firstDial.await(10, TimeUnit.SECONDS)).isTrue();
        placeholder.close();
        Path d = tmp.resolve("seed");
        t.writeTo(d);
        Swarm seed = Swarm.forSeeding(t.layout, t.infoHash, d, TestTorrent.config().withBind("127.0.0.1", port),
                PeerSource.fixed(List.of(), Duration.ofMinutes(5)), SwarmEvents.NONE).start();
        closeMe.add(seed);
        assertThat(leecher.awaitComplete(Duration.ofSeconds(30))).isTrue();
        assertThat(t.readFrom(tmp.resolve("leech"))).isEqualTo(t.content);
        synchronized (events) {
            assertThat(trackerFailures).isNotEmpty().allMatch(m -> m.contains("tracker unreachable"));
        }
    }
}
