package connectivity.torrent.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The codec's two allowances for magnet links: unchecked bitfields before the metadata, and metadata-sized extended messages. */
class WireCodecBeforeMetadataTest {
    private static DataInputStream bytes(Message... messages) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        for (Message m : messages) WireCodec.write(out, m);
        return new DataInputStream(new ByteArrayInputStream(b.toByteArray()));
    }

    @Test
    void beforeTheMetadataABitfieldOfAnyLengthIsTakenKeptWhileSmallAndWhatFollowsIsRead() throws IOException {
        byte[] bits = new byte[12345];
        bits[7] = 0x55;
        DataInputStream in = bytes(new Message.Bitfield(bits), new Message.Bitfield(new byte[WireCodec.MAX_KEPT_BITFIELD + 1]), new Message.Have(3));
        WireCodec codec = WireCodec.beforeMetadata();
        assertThat(codec.read(in)).isInstanceOfSatisfying(Message.Bitfield.class, b -> assertThat(b.bits()).isEqualTo(bits));
        assertThat(codec.read(in)).isEqualTo(new Message.Unknown(WireCodec.BITFIELD, WireCodec.MAX_KEPT_BITFIELD + 2));
        assertThat(codec.read(in)).isEqualTo(new Message.Have(3));
        assertThatThrownBy(() -> new WireCodec(8).read(bytes(new Message.Bitfield(new byte[12345])))).isInstanceOf(PeerProtocolException.class);
    }

    @Test
    void anExtendedMessageMayCarryAFullMetadataPieceButNotMuchMore() throws IOException {
        byte[] piece = MetadataCodec.encode(new MetadataMessage.Data(0, 40_000, new byte[MetadataMessage.PIECE_SIZE]));
        assertThat(piece.length).isGreaterThan(WireCodec.MAX_MESSAGE);
        Message m = new WireCodec(8).read(bytes(new Message.Extended(2, piece)));
        assertThat(m).isInstanceOf(Message.Extended.class);
        assertThatThrownBy(() -> new WireCodec(8).read(bytes(new Message.Extended(2, new byte[WireCodec.MAX_EXTENDED]))))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining("over the limit");
    }
}
