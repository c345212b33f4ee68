package connectivity.torrent.peer;

import java.util.BitSet;

/** Converts between wire bitfields (high bit first) and {@link BitSet}s indexed by piece. */
public final class Bitfields {
    private Bitfields() {}

    public static byte[] toWire(BitSet pieces, int pieceCount) {
        byte[] bytes = new byte[(pieceCount + 7) / 8];
        for (int i = pieces.nextSetBit(0); i >= 0 && i < pieceCount; i = pieces.nextSetBit(i + 1)) {
            bytes[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        }
        return bytes;
    }

    /** Parses a wire bitfield; spare bits past the last piece must be clear (BEP 3 says drop the peer). */
    public static BitSet fromWire(byte[] bytes, int pieceCount) throws PeerProtocolException {
        if (bytes.length != (pieceCount + 7) / 8) throw new PeerProtocolException("bitfield has the wrong size");
        BitSet set = new BitSet(pieceCount);
        for (int i = 0; i < bytes.length * 8; i++) {
            if ((bytes[i >>> 3] & (0x80 >>> (i & 7))) != 0) {
                if (i >= pieceCount) throw new PeerProtocolException("bitfield has spare bits set");
                set.set(i);
            }
        }
        return set;
    }
}
