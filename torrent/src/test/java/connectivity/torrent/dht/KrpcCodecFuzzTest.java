package connectivity.torrent.dht;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The KRPC codec reads datagrams from anyone: each is a message or a KrpcException, never another exception;
 * and what it accepts encodes to bytes that decode to a message encoding to the same bytes.
 */
class KrpcCodecFuzzTest {
    @FuzzTest
    void decodesOrRefuses(byte[] input) throws KrpcException {
        KrpcMessage m;
        try {
            m = KrpcCodec.decode(input);
        } catch (KrpcException e) {
            assertThat(e.code()).isEqualTo(KrpcError.PROTOCOL);
            return;
        }
        byte[] once = KrpcCodec.encode(m);
        KrpcMessage again = KrpcCodec.decode(once);
        assertThat(again.getClass()).isEqualTo(m.getClass());
        assertThat(KrpcCodec.encode(again)).isEqualTo(once);
    }
}
