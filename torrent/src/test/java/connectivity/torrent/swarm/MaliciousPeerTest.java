package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import connectivity.net.Connection;
import connectivity.net.Listener;
import connectivity.torrent.peer.AllowedFast;
import connectivity.torrent.peer.Bitfields;
import connectivity.torrent.peer.Handshake;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.WireCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Peers that lie, flood or wander: the download still completes from the honest ones, the liars are dropped. */
@Timeout(60)
class MaliciousPeerTest {
    private static final byte[] BAD_ID = "-XX0001-badbadbadbad".getBytes();

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeMe = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeMe) c.close();
    }

    private Swarm seeder(TestTorrent t, TestTorrent.Directory dir) throws Exception {
        Path d = tmp.resolve("seed");
        t.writeTo(d);
        Swarm s = Swarm.forSeeding(t.layout, t.infoHash, d, TestTorrent.config(), dir.source(), SwarmEvents.NONE).start();
        closeMe.add(s);
        return s;
    }

    /** A peer that claims every piece and answers every request with garbage of the right size. */
    private Listener corruptSeeder(TestTorrent t, AtomicInteger blocksSent) throws IOException {
        Listener l = Listener.start("corrupt", "127.0.0.1", 0, c -> {
            Handshake theirs = Handshake.read(c.input());
            new Handshake(new byte[8], theirs.infoHash(), BAD_ID).write(c.output());
            DataOutputStream out = new DataOutputStream(c.output());
            BitSet all = new BitSet();
            all.set(0, t.layout.pieceCount());
            WireCodec.write(out, new Message.Bitfield(Bitfields.toWire(all, t.layout.pieceCount())));
            WireCodec.write(out, Message.UNCHOKE);
            out.flush();
            WireCodec codec = new WireCodec(t.layout.pieceCount());
            DataInputStream in = new DataInputStream(c.input());
            Random r = new Random();
            while (true) {
                if (codec.read(in) instanceof Message.Request req) {
                    byte[] junk = new byte[req.length()];
                    r.nextBytes(junk);
                    WireCodec.write(out, new Message.Piece(req.piece(), req.begin(), junk));
                    out.flush();
                    blocksSent.incrementAndGet();
                }
            }
        });
        closeMe.add(l);
        return l;
    }

    @Test
    void aPeerSendingCorruptPiecesIsBannedAndTheDownloadIsStillExact() throws Exception {
        TestTorrent t = TestTorrent.single(7, 16 * 1024, 2 * 1024 * 1024);
        TestTorrent.Directory dir = new TestTorrent.Directory();
        AtomicInteger junk = new AtomicInteger();
        Listener bad = corruptSeeder(t, junk);
        dir.peers.add(new InetSocketAddress("127.0.0.1", bad.port()));
        // The liar is there first; the honest seeder joins after, so the liar surely gets asked for pieces.
        Swarm leecher = Swarm.forDownload(t.layout, t.infoHash, tmp.resolve("leech"), TestTorrent.config(), dir.source(),
                SwarmEvents.NONE).start();
        closeMe.add(leecher);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !leecher.banned().isEmpty());
        seeder(t, dir);
        assertThat(leecher.awaitComplete(Duration.ofSeconds(40))).isTrue();
        assertThat(t.readFrom(tmp.resolve("leech"))).isEqualTo(t.content);
        assertThat(junk.get()).isPositive();
        assertThat(leecher.banned()).containsExactly("127.0.0.1/" + HexFormat.of().formatHex(BAD_ID));
        assertThat(leecher.peers()).noneMatch(p -> p.contains("-XX0001"));
    }

    /** Opens a raw connection to {@code swarm} and completes the handshake as a peer with nothing. */
    private Connection handshaken(Swarm swarm, TestTorrent t) throws IOException {
        Connection c = Connection.dial("127.0.0.1", swarm.port(), Duration.ofSeconds(5));
        closeMe.add(c);
        new Handshake(new byte[8], t.infoHash, BAD_ID).write(c.output());
        Handshake theirs = Handshake.read(c.input());
        assertThat(theirs.sameTorrent(t.infoHash)).isTrue();
        return c;
    }

    @Test
    void aPeerThatFallsSilentIsClosedAfterTheIdleTimeout() throws Exception {
        TestTorrent t = TestTorrent.single(13, 16 * 1024, 8 * 16 * 1024);
        Path d = tmp.resolve("seed");
        t.writeTo(d);
        Swarm seed = Swarm.forSeeding(t.layout, t.infoHash, d, TestTorrent.config().withIdleTimeout(Duration.ofSeconds(2)),
                new TestTorrent.Directory().source(), SwarmEvents.NONE).start();
        closeMe.add(seed);
        Connection c = handshaken(seed, t);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> seed.peerCount() == 1);
        long start = System.nanoTime();
        c.readTimeout(Duration.ofSeconds(20));
        DataInputStream in = new DataInputStream(c.input());
        WireCodec codec = new WireCodec(t.layout.pieceCount());
        try {
            while (true) codec.read(in); // its bitfield and allowed-fast set, then nothing: we say nothing either
        } catch (java.io.EOFException e) {
            // closed by the seeder, as it should be
        } catch (SocketTimeoutException e) {
            fail("the seeder kept a silent peer for 20 s");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> seed.peerCount() == 0);
    }

    @Test
    void aChokedFastPeerGetsItsAllowedFastPiecesAndRejectsForTheRest() throws Exception {
        TestTorrent t = TestTorrent.single(12, 16 * 1024, 64 * 16 * 1024);
        Swarm seed = seeder(t, new TestTorrent.Directory());
        Connection c = Connection.dial("127.0.0.1", seed.port(), Duration.ofSeconds(5));
        closeMe.add(c);
        Handshake.ours(t.infoHash, BAD_ID).write(c.output());
        assertThat(Handshake.read(c.input()).supportsFast()).isTrue();
        c.readTimeout(Duration.ofSeconds(15));
        WireCodec codec = new WireCodec(t.layout.pieceCount());
        DataInputStream in = new DataInputStream(c.input());
        List<Integer> expected = AllowedFast.set(InetAddress.getByName("127.0.0.1"), t.infoHash, t.layout.pieceCount(), AllowedFast.SET_SIZE);
        List<Integer> allowed = new ArrayList<>();
        while (allowed.size() < expected.size()) {
            if (codec.read(in) instanceof Message.AllowedFast a) allowed.add(a.piece());
        }
        assertThat(allowed).containsExactlyElementsOf(expected);
        int other = 0;
        while (allowed.contains(other)) other++;
        // Not interested, so surely choked: the allowed piece is served anyway, the other one rejected.
        send(c, new Message.Request(allowed.get(0), 0, 16 * 1024));
        send(c, new Message.Request(other, 0, 16 * 1024));
        Message.Piece piece = null;
        Message.Reject reject = null;
        while (piece == null || reject == null) {
            Message m = codec.read(in);
            if (m instanceof Message.Piece p) piece = p;
            if (m instanceof Message.Reject r) reject = r;
            assertThat(m).isNotInstanceOf(Message.Unchoke.class);
        }
        int at = allowed.get(0) * 16 * 1024;
        assertThat(piece.data()).isEqualTo(Arrays.copyOfRange(t.content, at, at + 16 * 1024));
        assertThat(reject).isEqualTo(new Message.Reject(other, 0, 16 * 1024));
    }

    /** The swarm must close the connection: reading ends (EOF or reset), never times out. */
    private static void assertDropped(Connection c) throws IOException {
        if (!RawPeers.closedBySwarm(c)) fail("the swarm kept the connection open");
    }

    private static void send(Connection c, Message m) throws IOException {
        DataOutputStream out = new DataOutputStream(c.output());
        WireCodec.write(out, m);
        out.flush();
    }

    @Test
    void oversizedMessagesCloseTheConnection() throws Exception {
        TestTorrent t = TestTorrent.single(8, 16 * 1024, 256 * 1024);
        Swarm seed = seeder(t, new TestTorrent.Directory());
        Connection c = handshaken(seed, t);
        DataOutputStream out = new DataOutputStream(c.output());
        out.writeInt(16 * 1024 + 10); // one byte over a full block message
        out.writeByte(7);
        out.flush();
        assertDropped(c);
    }

    @Test
    void requestsOverSixteenKibCloseTheConnection() throws Exception {
        TestTorrent t = TestTorrent.single(9, 64 * 1024, 256 * 1024);
        Swarm seed = seeder(t, new TestTorrent.Directory());
        Connection c = handshaken(seed, t);
        send(c, Message.INTERESTED);
        send(c, new Message.Request(0, 0, 32 * 1024));
        assertDropped(c);
    }

    @Test
    void requestsOutOfRangeDropThePeer() throws Exception {
        TestTorrent t = TestTorrent.single(10, 16 * 1024, 100_000);
        Swarm seed = seeder(t, new TestTorrent.Directory());
        Connection c = handshaken(seed, t);
        send(c, Message.INTERESTED);
        send(c, new Message.Request(6, 16 * 1024 - 100, 200)); // the last piece is shorter than that
        assertDropped(c);
    }

    @Test
    void unrequestedBlocksDropThePeer() throws Exception {
        TestTorrent t = TestTorrent.single(11, 16 * 1024, 256 * 1024);
        Swarm leecher = Swarm.forDownload(t.layout, t.infoHash, tmp.resolve("leech"), TestTorrent.config(),
                PeerSource.fixed(List.of(), Duration.ofMinutes(5)), SwarmEvents.NONE).start();
        closeMe.add(leecher);
        Connection c = handshaken(leecher, t);
        send(c, new Message.Piece(3, 0, new byte[16 * 1024]));
        assertDropped(c);
        assertThat(leecher.have().isEmpty()).isTrue();
    }

    @Test
    void aPeerWithAnotherInfoHashGetsNoHandshake() throws Exception {
        TestTorrent t = TestTorrent.single(12, 16 * 1024, 64 * 1024);
        Swarm seed = seeder(t, new TestTorrent.Directory());
        Connection c = Connection.dial("127.0.0.1", seed.port(), Duration.ofSeconds(5));
        closeMe.add(c);
        byte[] other = t.infoHash.clone();
        other[0] ^= 1;
        new Handshake(new byte[8], other, BAD_ID).write(c.output());
        c.readTimeout(Duration.ofSeconds(15));
        try {
            assertThat(c.input().read()).isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            fail("the swarm kept a peer of another torrent");
        } catch (IOException reset) {
            // reset also means it was refused
        }
        assertThat(seed.peerCount()).isZero();
    }

    @Test
    void ourOwnPeerIdIsRefused() throws Exception {
        TestTorrent t = TestTorrent.single(13, 16 * 1024, 64 * 1024);
        Swarm seed = seeder(t, new TestTorrent.Directory());
        Connection c = Connection.dial("127.0.0.1", seed.port(), Duration.ofSeconds(5));
        closeMe.add(c);
        new Handshake(new byte[8], t.infoHash, seed.peerId()).write(c.output());
        c.readTimeout(Duration.ofSeconds(15));
        try {
            assertThat(c.input().read()).isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            fail("the swarm talked to a peer with its own id");
        } catch (IOException reset) {
            // refused with a reset
        }
    }
}
