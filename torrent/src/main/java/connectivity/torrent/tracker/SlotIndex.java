package connectivity.torrent.tracker;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each peer of one swarm sits in its {@link PeerSlots}: endpoint (address and port) to a slot reference, an
 * int the caller makes. Every announce looks its peer up here, so IPv4 endpoints, nearly all of them, are 48-bit
 * numbers in an open-addressing table of longs (key and value side by side, one cache line for a lookup) instead of
 * a map of endpoint objects, whose lookup chases the entry, the endpoint, its address and the address's holder. The
 * few IPv6 endpoints go in a map keyed by their numbers. Not thread-safe: the swarm's lock guards it.
 */
final class SlotIndex {
    private static final long FREE = -1; // an IPv4 key is address << 16 | port, never negative
    private static final int MIN_CAPACITY = 16; // slots, a power of two

    /** Pairs: key at 2i, reference at 2i + 1; at most half the slots used, so probes stay short. */
    private long[] table = newTable(MIN_CAPACITY);
    private int used;
    private final Map<V6, Integer> v6 = new HashMap<>();

    private record V6(long high, long low, int port) {
        static V6 of(PeerRecord p) {
            return new V6(p.addressHigh(), p.addressLow(), p.port());
        }
    }

    int size() {
        return used + v6.size();
    }

    /** The reference of {@code p}'s endpoint, or -1. */
    int get(PeerRecord p) {
        if (p.ipv6()) return v6.getOrDefault(V6.of(p), -1);
        long key = p.v4Key();
        int mask = mask();
        for (int i = home(key, mask); ; i = (i + 1) & mask) {
            long k = table[2 * i];
            if (k == key) return (int) table[2 * i + 1];
            if (k == FREE) return -1;
        }
    }

    /** Sets the reference of {@code p}'s endpoint, adding it if new. */
    void put(PeerRecord p, int ref) {
        if (p.ipv6()) {
            v6.put(V6.of(p), ref);
            return;
        }
        if (2 * (used + 1) > capacity()) resize(capacity() * 2);
        long key = p.v4Key();
        int mask = mask();
        int i = home(key, mask);
        while (table[2 * i] != FREE && table[2 * i] != key) i = (i + 1) & mask;
        if (table[2 * i] == FREE) used++;
        table[2 * i] = key;
        table[2 * i + 1] = ref;
    }

    /** Removes {@code p}'s endpoint; returns its reference, or -1 if it was not here. */
    int remove(PeerRecord p) {
        if (p.ipv6()) {
            Integer ref = v6.remove(V6.of(p));
            return ref == null ? -1 : ref;
        }
        long key = p.v4Key();
        int mask = mask();
        int i = home(key, mask);
        while (table[2 * i] != key) {
            if (table[2 * i] == FREE) return -1;
            i = (i + 1) & mask;
        }
        int ref = (int) table[2 * i + 1];
        // Backward-shift deletion (no tombstones): pull later entries of the probe run into the hole.
        for (int j = (i + 1) & mask; table[2 * j] != FREE; j = (j + 1) & mask) {
            int h = home(table[2 * j], mask);
            // The entry at j may move to i if its home is not in (i, j], cyclically.
            if (i <= j ? (h <= i || h > j) : (h <= i && h > j)) {
                table[2 * i] = table[2 * j];
                table[2 * i + 1] = table[2 * j + 1];
                i = j;
            }
        }
        table[2 * i] = FREE;
        used--;
        if (capacity() > MIN_CAPACITY && 8 * used < capacity()) resize(capacity() / 2);
        return ref;
    }

    private int capacity() {
        return table.length / 2;
    }

    private int mask() {
        return capacity() - 1;
    }

    private static int home(long key, int mask) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    private void resize(int slots) {
        long[] old = table;
        table = newTable(slots);
        int mask = slots - 1;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] == FREE) continue;
            int j = home(old[i], mask);
            while (table[2 * j] != FREE) j = (j + 1) & mask;
            table[2 * j] = old[i];
            table[2 * j + 1] = old[i + 1];
        }
    }

    private static long[] newTable(int slots) {
        long[] t = new long[2 * slots];
        for (int i = 0; i < t.length; i += 2) t[i] = FREE;
        return t;
    }
}
