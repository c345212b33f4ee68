package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.Connection;
import connectivity.net.Listener;
import connectivity.torrent.peer.ExtensionHandshake;
import connectivity.torrent.peer.Handshake;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.PexMessage;
import connectivity.torrent.peer.WireCodec;
import connectivity.torrent.storage.TorrentLayout;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A whole swarm and a scripted peer on 127.0.0.1: ut_pex is offered and followed, except on a private torrent. */
@Timeout(60)
class PexSwarmTest {
    private static final byte[] PEER_ID = "-XX0001-pexpexpexpex".getBytes();

    @TempDir
    Path tmp;

    private final TestTorrent torrent = TestTorrent.single(5, 16 * 1024, 256 * 1024);
    private final List<AutoCloseable> closeMe = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeMe.reversed()) c.close();
    }

    /** The same torrent with BEP 27's private flag. */
    private record PrivateLayout(TorrentLayout inner) implements TorrentLayout {
        public int pieceLength() {
            return inner.pieceLength();
        }

        public long totalLength() {
            return inner.totalLength();
        }

        public List<FileSpan> files() {
            return inner.files();
        }

        public byte[] pieceHash(int index) {
            return inner.pieceHash(index);
        }

        @Override
        public boolean isPrivate() {
            return true;
        }
    }

    private Swarm leecher(TorrentLayout layout) throws IOException {
        return leecher(layout, "leech");
    }

    private Swarm leecher(TorrentLayout layout, String dir) throws IOException {
        Swarm s = Swarm.forDownload(layout, torrent.infoHash, tmp.resolve(dir), TestTorrent.config(),
                PeerSource.fixed(List.of(), Duration.ofMinutes(10)), SwarmEvents.NONE).start();
        closeMe.add(s);
        return s;
    }

    /** A listener that counts down when anyone connects: the address we tell the swarm of. */
    private Listener target(CountDownLatch dialled) throws IOException {
        Listener l = Listener.start("pex-target", "127.0.0.1", 0, c -> dialled.countDown());
        closeMe.add(l);
        return l;
    }

    private record Scripted(Connection connection, DataInputStream in, DataOutputStream out, ExtensionHandshake theirs) {}

    /** Dials the swarm as a peer speaking BEP 10 and reads up to its extension handshake. */
    private Scripted connect(Swarm swarm) throws IOException {
        Connection c = Connection.dial("127.0.0.1", swarm.port(), Duration.ofSeconds(5));
        closeMe.add(c);
        byte[] reserved = new byte[8];
        reserved[5] |= 0x10;
        new Handshake(reserved, torrent.infoHash, PEER_ID).write(c.output());
        Handshake.read(c.input());
        DataInputStream in = new DataInputStream(c.input());
        DataOutputStream out = new DataOutputStream(c.output());
        WireCodec codec = new WireCodec(torrent.layout.pieceCount());
        while (true) {
            if (codec.read(in) instanceof Message.Extended e && e.extendedId() == 0) {
                return new Scripted(c, in, out, ExtensionHandshake.decode(e.payload()));
            }
        }
    }

    private static void send(Scripted p, Message m) throws IOException {
        WireCodec.write(p.out(), m);
        p.out().flush();
    }

    private static byte[] pexOf(Listener l) {
        return new PexMessage(List.of(new PexMessage.Peer(new InetSocketAddress("127.0.0.1", l.port()), 0)), List.of()).encode();
    }

    @Test
    void aPublicTorrentOffersUtPexAndDialsThePeersItIsTold() throws Exception {
        Swarm swarm = leecher(torrent.layout);
        CountDownLatch dialled = new CountDownLatch(1);
        Listener other = target(dialled);
        Scripted p = connect(swarm);
        Integer ours = p.theirs().messages().get(PexHandler.NAME);
        assertThat(ours).isNotNull().isPositive();
        send(p, new Message.Extended(0, new ExtensionHandshake(Map.of(), "scripted", OptionalInt.empty(), OptionalInt.empty()).encode()));
        send(p, new Message.Extended(ours, pexOf(other)));
        assertThat(dialled.await(10, TimeUnit.SECONDS)).as("the swarm dialled the peer it was told of").isTrue();
    }

    @Test
    void twoOfOurPeersThatOnlyAThirdKnowsMeetThroughItsPex() throws Exception {
        Swarm hub = leecher(torrent.layout, "hub"), left = leecher(torrent.layout, "left"), right = leecher(torrent.layout, "right");
        hub.connect(List.of(new InetSocketAddress("127.0.0.1", left.port()), new InetSocketAddress("127.0.0.1", right.port())));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> left.peerCount() == 2 && right.peerCount() == 2);
        assertThat(hub.peerCount()).isEqualTo(2);
    }

    @Test
    void aPrivateTorrentNeitherOffersUtPexNorFollowsIt() throws Exception {
        Swarm swarm = leecher(new PrivateLayout(torrent.layout));
        CountDownLatch dialled = new CountDownLatch(1);
        Listener other = target(dialled);
        Scripted p = connect(swarm);
        assertThat(p.theirs().messages()).doesNotContainKey(PexHandler.NAME);
        send(p, new Message.Extended(0, new ExtensionHandshake(Map.of(PexHandler.NAME, 1), "scripted", OptionalInt.empty(),
                OptionalInt.empty()).encode()));
        for (int id = 1; id <= 3; id++) { // whatever id it might have meant, but not one of its other messages (ut_metadata)
            if (!p.theirs().messages().containsValue(id)) send(p, new Message.Extended(id, pexOf(other)));
        }
        // The public case dials within milliseconds; give the private one seconds to get it wrong.
        assertThat(dialled.await(3, TimeUnit.SECONDS)).as("a private torrent dials nobody PEX names").isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> swarm.peerCount() == 1); // ignored, not dropped
    }
}
