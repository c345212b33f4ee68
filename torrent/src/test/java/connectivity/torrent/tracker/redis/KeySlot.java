package connectivity.torrent.tracker.redis;

/**
 * Redis Cluster's key slot, computed here so tests can check keys without a cluster: CRC16 (XMODEM: polynomial
 * 0x1021, initial 0) of the key's hash tag (the bytes between the first '{' and the next '}', if not empty) or of
 * the whole key, modulo 16384 (the Redis Cluster specification).
 */
final class KeySlot {
    private KeySlot() {}

    static int of(byte[] key) {
        int open = indexOf(key, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(key, (byte) '}', open + 1);
            if (close > open + 1) return crc16(key, open + 1, close) & 0x3fff;
        }
        return crc16(key, 0, key.length) & 0x3fff;
    }

    static int crc16(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (b[i] & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            crc &= 0xffff;
        }
        return crc;
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }
}
