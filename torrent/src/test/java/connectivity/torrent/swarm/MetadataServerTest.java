package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.Connection;
import connectivity.torrent.peer.ExtensionHandshake;
import connectivity.torrent.peer.Handshake;
import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.MetadataCodec;
import connectivity.torrent.peer.MetadataMessage;
import connectivity.torrent.peer.WireCodec;
import connectivity.torrent.storage.TorrentLayout;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our side of BEP 9: a swarm serves its info dictionary to magnet peers, within bounds. */
@Timeout(60)
class MetadataServerTest {
    private static final int OUR_ID_AT_PEER = 7;

    /** A layout that carries an info dictionary (here just bytes: the server sends what it has). */
    private record WithInfo(TorrentLayout inner, byte[] info) implements TorrentLayout {
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

        public Optional<byte[]> infoBytes() {
            return Optional.of(info.clone());
        }
    }

    @TempDir
    Path tmp;

    private Swarm swarm;
    private Connection c;

    @AfterEach
    void close() {
        if (c != null) c.close();
        if (swarm != null) swarm.close();
    }

    private final byte[] info = new byte[20_000];
    private DataInputStream in;
    private DataOutputStream out;
    private WireCodec codec;
    private int theirId;

    private void connect() throws Exception {
        new Random(5).nextBytes(info);
        TestTorrent t = TestTorrent.single(9, 16 * 1024, 100_000);
        t.writeTo(tmp);
        swarm = Swarm.forSeeding(new WithInfo(t.layout, info), t.infoHash, tmp, TestTorrent.config(),
                PeerSource.fixed(List.of(), Duration.ofMinutes(5)), SwarmEvents.NONE).start();
        c = Connection.dial("127.0.0.1", swarm.port(), Duration.ofSeconds(5));
        c.readTimeout(Duration.ofSeconds(10));
        Handshake.ours(t.infoHash, "-XX0001-magnetpeer01".getBytes()).write(c.output());
        assertThat(Handshake.read(c.input()).supportsExtensions()).isTrue();
        in = new DataInputStream(new BufferedInputStream(c.input()));
        out = new DataOutputStream(c.output());
        codec = new WireCodec(t.layout.pieceCount());
        ExtensionHandshake theirs = null;
        while (theirs == null) {
            if (codec.read(in) instanceof Message.Extended e && e.extendedId() == 0) theirs = ExtensionHandshake.decode(e.payload());
        }
        assertThat(theirs.metadataSize()).hasValue(info.length);
        theirId = theirs.messages().get("ut_metadata");
        send(0, new ExtensionHandshake(Map.of("ut_metadata", OUR_ID_AT_PEER), "raw", OptionalInt.empty(), OptionalInt.empty()).encode());
    }

    private void send(int id, byte[] payload) throws IOException {
        WireCodec.write(out, new Message.Extended(id, payload));
        out.flush();
    }

    private MetadataMessage ask(int piece) throws IOException {
        send(theirId, MetadataCodec.encode(new MetadataMessage.Request(piece)));
        while (true) {
            if (codec.read(in) instanceof Message.Extended e && e.extendedId() == OUR_ID_AT_PEER) return MetadataCodec.decode(e.payload());
        }
    }

    @Test
    void servesEachPieceAndRejectsPiecesOutOfRange() throws Exception {
        connect();
        assertThat(ask(0)).isEqualTo(new MetadataMessage.Data(0, info.length, Arrays.copyOfRange(info, 0, 16384)));
        assertThat(ask(1)).isEqualTo(new MetadataMessage.Data(1, info.length, Arrays.copyOfRange(info, 16384, info.length)));
        assertThat(ask(2)).isEqualTo(new MetadataMessage.Reject(2));
        assertThat(ask(Integer.MAX_VALUE)).isEqualTo(new MetadataMessage.Reject(Integer.MAX_VALUE));
    }

    @Test
    void aPeerGetsItsShareThenRejectsThenIsDropped() throws Exception {
        connect();
        int share = MetadataServer.ANSWERS_PER_PIECE * 2 + 8;
        for (int i = 0; i < share; i++) assertThat(ask(i % 2)).as("answer %d", i).isInstanceOf(MetadataMessage.Data.class);
        for (int i = 0; i < share; i++) assertThat(ask(0)).as("answer %d", share + i).isInstanceOf(MetadataMessage.Reject.class);
        send(theirId, MetadataCodec.encode(new MetadataMessage.Request(0)));
        assertThat(RawPeers.closedBySwarm(c)).isTrue();
    }
}
