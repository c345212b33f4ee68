package connectivity.torrent.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipHash24Test {
    /** The reference implementation's vectors: key 00..0f, message 00..n-1 for n = 0..15 (the paper's appendix). */
    private static final long[] REFERENCE = {
        0x726fdb47dd0e0e31L, 0x74f839c593dc67fdL, 0x0d6c8009d9a94f5aL, 0x85676696d7fb7e2dL,
        0xcf2794e0277187b7L, 0x18765564cd99a68dL, 0xcbc9466e58fee3ceL, 0xab0200f58b01d137L,
        0x93f5f5799a932462L, 0x9e0082df0ba9e4b0L, 0x7a5dbbc594ddb9f3L, 0xf4b32f46226bada7L,
        0x751e8fbc860ee5fbL, 0x14ea5627c0843d90L, 0xf723ca908e7af2eeL, 0xa129ca6149be45e5L,
    };

    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) i;
        return b;
    }

    @Test
    void matchesTheReferenceVectors() {
        SipHash24 h = new SipHash24(counting(16));
        byte[] message = counting(16);
        for (int n = 0; n < REFERENCE.length; n++) {
            assertThat(h.hash(message, 0, n)).as("message of %d bytes", n).isEqualTo(REFERENCE[n]);
        }
    }

    @Test
    void readsOnlyItsSliceOfTheArray() {
        SipHash24 h = new SipHash24(counting(16));
        byte[] padded = new byte[40];
        System.arraycopy(counting(15), 0, padded, 7, 15);
        padded[6] = (byte) 0xee;
        padded[22] = (byte) 0xee;
        assertThat(h.hash(padded, 7, 15)).isEqualTo(REFERENCE[15]);
    }

    @Test
    void anotherKeyGivesAnotherTag() {
        byte[] key = counting(16);
        key[15] ^= 1;
        assertThat(new SipHash24(key).hash(counting(15), 0, 15)).isNotEqualTo(REFERENCE[15]);
    }
}
