package connectivity.torrent.tracker;

import java.util.Arrays;

/**
 * Peers of one swarm of one kind (one address family, seeders or leechers) in parallel arrays: each peer's compact
 * form (BEP 23's 6 or 18 bytes) back to back in one byte array, its last-seen time and a hash of its peer id in
 * arrays of numbers, and its record. Sampling {@code numwant} peers then reads a run of neighbouring slots and copies
 * their bytes in one go, instead of visiting one object per peer scattered over the heap (a cache miss each). A
 * peer leaving is swapped with the last, so the slots stay dense. Not thread-safe: the swarm's lock guards it.
 */
final class PeerSlots {
    private static final int MIN_CAPACITY = 8;

    final int entry;
    private byte[] compact;
    private long[] seen;
    private int[] ids;
    private long[] identities;
    private PeerRecord[] records;
    private int size;

    PeerSlots(boolean ipv6) {
        this.entry = ipv6 ? 18 : 6;
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    PeerRecord record(int slot) {
        return records[slot];
    }

    /** Appends {@code p}; returns its slot. */
    int add(PeerRecord p) {
        if (size == records.length) resize(2 * size);
        set(size, p);
        return size++;
    }

    void set(int slot, PeerRecord p) {
        p.writeCompact(compact, slot * entry);
        seen[slot] = p.seenNanos();
        ids[slot] = p.idHash();
        identities[slot] = p.identity();
        records[slot] = p;
    }

    /** Whether the peer in {@code slot} has {@code p}'s peer id and key (by {@link PeerRecord#identity}). */
    boolean sameIdentity(int slot, PeerRecord p) {
        return identities[slot] == p.identity();
    }

    /** Marks the peer in {@code slot} as seen at {@code nanos}, its record unchanged. */
    void touch(int slot, long nanos) {
        seen[slot] = nanos;
    }

    /** Empties {@code slot} by moving the last peer into it; returns the peer moved, or null if it was the last. */
    PeerRecord removeAt(int slot) {
        int last = --size;
        PeerRecord moved = null;
        if (slot != last) {
            moved = records[last];
            System.arraycopy(compact, last * entry, compact, slot * entry, entry);
            seen[slot] = seen[last];
            ids[slot] = ids[last];
            identities[slot] = identities[last];
            records[slot] = moved;
        }
        records[last] = null; // nothing kept alive by a slot no longer used
        if (records.length > MIN_CAPACITY && 4 * size < records.length) resize(records.length / 2);
        return moved;
    }

    /** Whether the peer in {@code slot} was last seen before {@code cutoffNanos} (see {@link PeerRecord#seenNanos}). */
    boolean expired(int slot, long cutoffNanos) {
        return seen[slot] < cutoffNanos;
    }

    /**
     * Copies to {@code out} the peers of slots {@code [from, to)} that are live at {@code cutoffNanos}, are not
     * {@code skipSlot} and do not carry {@code self}'s peer id, stopping when {@code out} is full; returns the slot
     * it stopped at. Runs of takers are copied with one array copy each.
     */
    int copyLive(int from, int to, long cutoffNanos, int skipSlot, PeerRecord self, PeerSample.Filler out) {
        int selfId = self.idHash();
        int run = from;
        int at = from;
        for (; at < to && out.room() > at - run; at++) {
            boolean take = at != skipSlot && seen[at] >= cutoffNanos && (ids[at] != selfId || !records[at].sameId(self));
            if (!take) {
                out.take(this, run, at - run);
                run = at + 1;
            }
        }
        out.take(this, run, at - run);
        return at;
    }

    /** Copies the compact forms and records of {@code n} slots from {@code from}. */
    void copyTo(int from, int n, byte[] bytes, int bytesAt, PeerRecord[] recs, int recsAt) {
        System.arraycopy(compact, from * entry, bytes, bytesAt, n * entry);
        System.arraycopy(records, from, recs, recsAt, n);
    }

    private void resize(int capacity) {
        compact = Arrays.copyOf(compact, capacity * entry);
        seen = Arrays.copyOf(seen, capacity);
        ids = Arrays.copyOf(ids, capacity);
        identities = Arrays.copyOf(identities, capacity);
        records = Arrays.copyOf(records, capacity);
    }

    private void allocate(int capacity) {
        compact = new byte[capacity * entry];
        seen = new long[capacity];
        ids = new int[capacity];
        identities = new long[capacity];
        records = new PeerRecord[capacity];
    }
}
