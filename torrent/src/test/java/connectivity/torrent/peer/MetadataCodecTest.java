package connectivity.torrent.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetadataCodecTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void writesTheDictionariesBep9Shows() {
        assertThat(MetadataCodec.encode(new MetadataMessage.Request(0))).isEqualTo(ascii("d8:msg_typei0e5:piecei0ee"));
        assertThat(MetadataCodec.encode(new MetadataMessage.Reject(3))).isEqualTo(ascii("d8:msg_typei2e5:piecei3ee"));
        assertThat(MetadataCodec.encode(new MetadataMessage.Data(1, 34256, ascii("xyz"))))
                .isEqualTo(ascii("d8:msg_typei1e5:piecei1e10:total_sizei34256eexyz"));
    }

    @Test
    void readsWhatItWritesAndDataKeepsTheBytesAfterTheDictionary() throws PeerProtocolException {
        for (MetadataMessage m : new MetadataMessage[] {new MetadataMessage.Request(7), new MetadataMessage.Reject(0),
            new MetadataMessage.Data(2, 40000, new byte[16384]), new MetadataMessage.Data(0, 3, new byte[0])}) {
            assertThat(MetadataCodec.decode(MetadataCodec.encode(m))).isEqualTo(m);
        }
        assertThat(MetadataCodec.decode(ascii("d8:msg_typei9e5:piecei1ee"))).isEqualTo(new MetadataMessage.Unknown(1, 9));
        assertThat(MetadataCodec.decode(ascii("d1:ai5e8:msg_typei0e5:piecei4ee"))).isEqualTo(new MetadataMessage.Request(4));
    }

    @Test
    void refusesWhatIsNotAMessage() {
        for (String bad : new String[] {"", "i3e", "d5:piecei0ee", "d8:msg_typei0ee", "d8:msg_type1:05:piecei0ee",
            "d8:msg_typei0e5:piecei-1ee", "d8:msg_typei0e5:piecei2147483648ee", "d8:msg_typei1e5:piecei0ee", "d8:msg_typ"}) {
            assertThatThrownBy(() -> MetadataCodec.decode(ascii(bad))).as(bad).isInstanceOf(PeerProtocolException.class);
        }
    }
}
