package connectivity.torrent.tracker;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The peers an announce hands back, in both forms a reply may need: the compact forms of each address family
 * (BEP 23's {@code peers} and {@code peers6} strings, BEP 15's entries), ready to copy into a reply, and the records
 * (for the dictionary form, with peer ids). {@link InMemorySwarmStore} fills the compact forms straight from its
 * slots. Immutable.
 */
public final class PeerSample {
    public static final PeerSample NONE = new PeerSample(new byte[0], new byte[0], new PeerRecord[0]);

    private final byte[] v4;
    private final byte[] v6;
    private final PeerRecord[] records;

    private PeerSample(byte[] v4, byte[] v6, PeerRecord[] records) {
        this.v4 = v4;
        this.v6 = v6;
        this.records = records;
    }

    /** The peers given, in their order. */
    public static PeerSample of(List<PeerRecord> peers) {
        int v6Count = (int) peers.stream().filter(PeerRecord::ipv6).count();
        Filler f = new Filler(peers.size(), peers.size() - v6Count, v6Count);
        for (PeerRecord p : peers) f.add(p);
        return f.build();
    }

    public int size() {
        return records.length;
    }

    public boolean isEmpty() {
        return records.length == 0;
    }

    /** The records, in the order handed out. */
    public List<PeerRecord> records() {
        return Collections.unmodifiableList(Arrays.asList(records));
    }

    /** Bytes of the compact forms of one family's peers: 6 a peer for IPv4, 18 for IPv6. */
    public int compactLength(boolean ipv6) {
        return (ipv6 ? v6 : v4).length;
    }

    /** The compact forms of one family's peers, back to back, in the order handed out. */
    public byte[] compact(boolean ipv6) {
        return (ipv6 ? v6 : v4).clone();
    }

    /** Copies the first {@code length} bytes of {@link #compact(boolean)} to {@code out[at..]}. */
    public void copyCompact(boolean ipv6, int length, byte[] out, int at) {
        System.arraycopy(ipv6 ? v6 : v4, 0, out, at, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerSample s && Arrays.equals(records, s.records);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(records);
    }

    @Override
    public String toString() {
        return Arrays.toString(records);
    }

    /** Collects up to {@code room} peers, at most as many of each family as it was sized for. */
    static final class Filler {
        private final PeerRecord[] records;
        private final byte[] v4;
        private final byte[] v6;
        private int found, v4At, v6At;

        Filler(int room, int v4Max, int v6Max) {
            this.records = new PeerRecord[room];
            this.v4 = new byte[6 * Math.min(room, v4Max)];
            this.v6 = new byte[18 * Math.min(room, v6Max)];
        }

        /** How many more it takes. */
        int room() {
            return records.length - found;
        }

        void add(PeerRecord p) {
            if (p.ipv6()) {
                p.writeCompact(v6, v6At);
                v6At += 18;
            } else {
                p.writeCompact(v4, v4At);
                v4At += 6;
            }
            records[found++] = p;
        }

        /** Takes the {@code n} peers of {@code slots} from slot {@code from} on. */
        void take(PeerSlots slots, int from, int n) {
            if (n == 0) return;
            if (slots.entry == 18) {
                slots.copyTo(from, n, v6, v6At, records, found);
                v6At += 18 * n;
            } else {
                slots.copyTo(from, n, v4, v4At, records, found);
                v4At += 6 * n;
            }
            found += n;
        }

        PeerSample build() {
            if (found == 0) return NONE;
            return new PeerSample(v4At == v4.length ? v4 : Arrays.copyOf(v4, v4At), v6At == v6.length ? v6 : Arrays.copyOf(v6, v6At),
                    found == records.length ? records : Arrays.copyOf(records, found));
        }
    }
}
