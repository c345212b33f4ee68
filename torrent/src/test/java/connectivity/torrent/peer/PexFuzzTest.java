package connectivity.torrent.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** BEP 11 {@code ut_pex} messages as a peer may send them. */
class PexFuzzTest {
    /**
     * Decoded leniently or refused with a PeerProtocolException; what is decoded stays within the cap, and
     * survives its own encoding (as a multiset: an IPv4-mapped address from {@code added6} comes back in {@code added}).
     */
    @FuzzTest
    void decodesWithinTheCap(byte[] input) throws PeerProtocolException {
        PexMessage m;
        try {
            m = PexMessage.decode(input, 50);
        } catch (PeerProtocolException e) {
            return;
        }
        assertThat(m.added()).hasSizeLessThanOrEqualTo(50).allMatch(p -> p.flags() >= 0 && p.flags() <= 255);
        assertThat(m.dropped()).hasSizeLessThanOrEqualTo(50);
        PexMessage again = PexMessage.decode(m.encode(), 50);
        assertThat(again.added()).containsExactlyInAnyOrderElementsOf(m.added());
        assertThat(again.dropped()).containsExactlyInAnyOrderElementsOf(m.dropped());
    }
}
