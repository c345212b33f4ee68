package connectivity.http.h2;

import java.io.ByteArrayOutputStream;

/**
 * The static Huffman code of RFC 7541 Appendix B. The code is canonical (codes of one length are
 * consecutive, in symbol order, and each length continues where the shorter one ended), so the
 * table below holds only each symbol's length and the codes are derived from it.
 */
final class Huffman {
    static final int EOS = 256;

    /** Code length in bits of symbols 0..255 and EOS (256), from RFC 7541 Appendix B. */
    private static final byte[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, // 0-15
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28, // 16-31
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, // 32-47 ' ' .. '/'
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, // 48-63 '0' .. '?'
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, // 64-79 '@' .. 'O'
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, // 80-95 'P' .. '_'
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, // 96-111 '`' .. 'o'
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, // 112-127 'p' .. DEL
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, // 128-143
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, // 144-159
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, // 160-175
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, // 176-191
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, // 192-207
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, // 208-223
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, // 224-239
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, // 240-255
        30 // EOS
    };

    private static final int[] CODES = new int[257];
    /** Decoding tree: node n has children TREE[2n] (bit 0) and TREE[2n+1] (bit 1); a leaf is -(symbol+1). */
    private static final int[] TREE;

    static {
        int code = 0;
        int previousLength = 0;
        for (int length = 1; length <= 30; length++) {
            for (int sym = 0; sym <= EOS; sym++) {
                if (LENGTHS[sym] != length) continue;
                code <<= (length - previousLength);
                previousLength = length;
                CODES[sym] = code++;
            }
        }
        int[] tree = new int[2 * 2 * 257];
        int nodes = 1;
        for (int sym = 0; sym <= EOS; sym++) {
            int node = 0;
            for (int bit = LENGTHS[sym] - 1; bit >= 0; bit--) {
                int slot = 2 * node + ((CODES[sym] >>> bit) & 1);
                if (bit == 0) {
                    tree[slot] = -(sym + 1);
                } else {
                    if (tree[slot] == 0) tree[slot] = nodes++;
                    node = tree[slot];
                }
            }
        }
        TREE = tree;
    }

    private Huffman() {}

    static int code(int symbol) {
        return CODES[symbol];
    }

    static int length(int symbol) {
        return LENGTHS[symbol];
    }

    /** Bytes the Huffman form of these octets takes. */
    static int encodedLength(byte[] data) {
        long bits = 0;
        for (byte b : data) bits += LENGTHS[b & 0xff];
        return (int) ((bits + 7) >>> 3);
    }

    static void encode(byte[] data, ByteArrayOutputStream out) {
        long acc = 0;
        int bits = 0;
        for (byte b : data) {
            int sym = b & 0xff;
            acc = (acc << LENGTHS[sym]) | CODES[sym];
            bits += LENGTHS[sym];
            while (bits >= 8) {
                bits -= 8;
                out.write((int) (acc >>> bits));
            }
        }
        if (bits > 0) out.write((int) ((acc << (8 - bits)) | (0xff >>> bits))); // pad with the EOS prefix
    }

    /**
     * Decodes {@code len} bytes; at most {@code maxOut} octets may come out (a code is at least 5
     * bits, so the output is bounded by the input anyway, but the caller's limit is checked early).
     *
     * @throws HpackException on EOS inside the string, or padding longer than 7 bits or not all ones
     */
    static byte[] decode(byte[] src, int off, int len, int maxOut) throws HpackException {
        byte[] out = new byte[Math.min(maxOut, len * 8 / 5 + 1)];
        int n = 0;
        int node = 0;
        int pendingBits = 0;
        boolean pendingOnes = true;
        for (int i = off; i < off + len; i++) {
            int b = src[i] & 0xff;
            for (int bit = 7; bit >= 0; bit--) {
                int one = (b >>> bit) & 1;
                int next = TREE[2 * node + one];
                pendingBits++;
                pendingOnes &= one == 1;
                if (next < 0) {
                    int sym = -next - 1;
                    if (sym == EOS) throw new HpackException("EOS in a Huffman string");
                    if (n == out.length) throw new HpackException("Huffman string longer than " + maxOut, true);
                    out[n++] = (byte) sym;
                    node = 0;
                    pendingBits = 0;
                    pendingOnes = true;
                } else {
                    node = next;
                }
            }
        }
        if (pendingBits > 7 || !pendingOnes) throw new HpackException("bad Huffman padding");
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
}
