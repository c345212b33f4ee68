package connectivity.torrent.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private static byte[] encode(Message m) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        WireCodec.write(out, m);
        out.flush();
        return b.toByteArray();
    }

    private static Message decode(byte[] bytes, int pieces) throws IOException {
        return new WireCodec(pieces).read(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    @Test
    void everyMessageSurvivesARoundTrip() throws IOException {
        for (Message m : List.of(Message.KEEP_ALIVE, Message.CHOKE, Message.UNCHOKE, Message.INTERESTED, Message.NOT_INTERESTED,
                Message.HAVE_ALL, Message.HAVE_NONE, new Message.Have(77), new Message.Request(1, 16384, 16384),
                new Message.Cancel(2, 0, 100), new Message.Reject(3, 32768, 5), new Message.AllowedFast(9),
                new Message.SuggestPiece(4), new Message.Port(6881))) {
            assertThat(decode(encode(m), 100)).isEqualTo(m);
        }
        Message.Piece p = (Message.Piece) decode(encode(new Message.Piece(5, 16384, new byte[] {1, 2, 3})), 100);
        assertThat(p.piece()).isEqualTo(5);
        assertThat(p.begin()).isEqualTo(16384);
        assertThat(p.data()).containsExactly(1, 2, 3);
        Message.Extended e = (Message.Extended) decode(encode(new Message.Extended(0, "de".getBytes())), 100);
        assertThat(e.payload()).isEqualTo("de".getBytes());
    }

    @Test
    void theWireLayoutIsBep3s() throws IOException {
        assertThat(encode(new Message.Have(258))).containsExactly(0, 0, 0, 5, 4, 0, 0, 1, 2);
        assertThat(encode(new Message.Request(1, 2, 3))).containsExactly(0, 0, 0, 13, 6, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3);
        assertThat(encode(Message.HAVE_ALL)).containsExactly(0, 0, 0, 1, 0x0E);
    }

    @Test
    void aFullBlockIsTheLargestMessage() throws IOException {
        byte[] ok = encode(new Message.Piece(0, 0, new byte[16384]));
        assertThat(ok.length).isEqualTo(16384 + 13);
        assertThat(decode(ok, 1)).isInstanceOf(Message.Piece.class);
        byte[] tooBig = encode(new Message.Piece(0, 0, new byte[16385]));
        assertThatThrownBy(() -> decode(tooBig, 1)).isInstanceOf(PeerProtocolException.class).hasMessageContaining("over the limit");
    }

    @Test
    void aBitfieldMayBeLargerOnlyWhenItHasTheTorrentsSize() throws IOException {
        int pieces = 200_000; // 25000-byte bitfield
        BitSet set = new BitSet();
        set.set(0);
        set.set(pieces - 1);
        byte[] wire = encode(new Message.Bitfield(Bitfields.toWire(set, pieces)));
        assertThat(Bitfields.fromWire(((Message.Bitfield) decode(wire, pieces)).bits(), pieces)).isEqualTo(set);
        assertThatThrownBy(() -> decode(wire, pieces - 8)).isInstanceOf(PeerProtocolException.class);
    }

    @Test
    void spareBitsInABitfieldAreAnError() {
        assertThatThrownBy(() -> Bitfields.fromWire(new byte[] {(byte) 0xFF}, 7)).isInstanceOf(PeerProtocolException.class);
        assertThat(Bitfields.toWire(BitSet.valueOf(new long[] {0b101}), 9)).containsExactly((byte) 0xA0, 0);
    }

    @Test
    void wrongSizedFixedMessagesAreErrors() {
        assertThatThrownBy(() -> decode(new byte[] {0, 0, 0, 3, 4, 0, 0}, 10)).isInstanceOf(PeerProtocolException.class);
        assertThatThrownBy(() -> decode(new byte[] {0, 0, 0, 2, 1, 9}, 10)).isInstanceOf(PeerProtocolException.class);
    }

    @Test
    void unknownMessagesAreSkipped() throws IOException {
        assertThat(decode(new byte[] {0, 0, 0, 3, 99, 1, 2}, 10)).isEqualTo(new Message.Unknown(99, 3));
    }

    @Test
    void handshakeCarriesTheFastAndExtensionBits() throws IOException {
        byte[] hash = new byte[20];
        hash[3] = 9;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Handshake.ours(hash, PeerId.random()).write(b);
        byte[] wire = b.toByteArray();
        assertThat(wire).hasSize(68);
        assertThat(wire[0]).isEqualTo((byte) 19);
        Handshake back = Handshake.read(new ByteArrayInputStream(wire));
        assertThat(back.supportsFast()).isTrue();
        assertThat(back.supportsExtensions()).isTrue();
        assertThat(back.sameTorrent(hash)).isTrue();
        wire[5] = 'X';
        assertThatThrownBy(() -> Handshake.read(new ByteArrayInputStream(wire))).isInstanceOf(PeerProtocolException.class);
    }

    @Test
    void extensionHandshakeRoundTripsAndToleratesOddValues() throws IOException {
        ExtensionHandshake h = new ExtensionHandshake(Map.of("ut_pex", 1), "Connectivity", OptionalInt.of(500), OptionalInt.of(6881));
        ExtensionHandshake back = ExtensionHandshake.decode(h.encode());
        assertThat(back).isEqualTo(h);
        ExtensionHandshake odd = ExtensionHandshake.decode("d1:md6:ut_pexi1ee4:reqq3:abc1:v3:xyze".getBytes());
        assertThat(odd.requestQueue()).isEmpty();
        assertThat(odd.client()).isEqualTo("xyz");
        assertThatThrownBy(() -> ExtensionHandshake.decode("i3e".getBytes())).isInstanceOf(PeerProtocolException.class);
    }
}
