package connectivity.torrent.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/** The two handshakes a peer sends first: the 68-byte BitTorrent handshake and BEP 10's bencoded one. */
class HandshakeFuzzTest {
    /** Read or refused with an IOException; what is read writes back to the same 68 bytes. */
    @FuzzTest
    void handshakeRoundTrips(byte[] input) throws IOException {
        Handshake h;
        try {
            h = Handshake.read(new ByteArrayInputStream(input));
        } catch (IOException e) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.write(out);
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(input, Handshake.LENGTH));
    }

    /**
     * Decoded leniently or refused with a PeerProtocolException; what is decoded is within the bounds the
     * decoder promises and survives its own encoding unchanged.
     */
    @FuzzTest
    void extensionHandshakeRoundTrips(byte[] input) throws PeerProtocolException {
        ExtensionHandshake h;
        try {
            h = ExtensionHandshake.decode(input);
        } catch (PeerProtocolException e) {
            return;
        }
        for (Map.Entry<String, Integer> e : h.messages().entrySet()) assertThat(e.getValue()).isBetween(0, 255);
        h.requestQueue().ifPresent(q -> assertThat(q).isBetween(1, 100_000));
        h.listenPort().ifPresent(p -> assertThat(p).isBetween(1, 65535));
        assertThat(h.client()).isNotNull();
        ExtensionHandshake again = ExtensionHandshake.decode(h.encode());
        assertThat(again).isEqualTo(h);
    }
}
