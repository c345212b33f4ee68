package connectivity.torrent.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** ut_metadata payloads come straight from peers. */
class MetadataCodecFuzzTest {
    /** A PeerProtocolException, or a message with a piece index that fits an int and that survives its own encoding. */
    @FuzzTest
    void decodesOrRefuses(byte[] input) throws PeerProtocolException {
        MetadataMessage m;
        try {
            m = MetadataCodec.decode(input);
        } catch (PeerProtocolException e) {
            return;
        }
        assertThat(m.piece()).isNotNegative();
        assertThat(MetadataCodec.decode(MetadataCodec.encode(m))).isEqualTo(m);
    }
}
