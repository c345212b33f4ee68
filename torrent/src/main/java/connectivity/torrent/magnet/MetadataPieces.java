package connectivity.torrent.magnet;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.peer.MetadataMessage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What is known of an info dictionary being fetched (BEP 9), without sockets or threads: its size, which 16 KiB
 * pieces are here and from whom, which are asked of whom. Pieces come from several peers at once; the whole is
 * checked against the info-hash. When it does not match and one peer sent it all, that peer is to be dropped;
 * when several did, nobody can be blamed, so the next attempt takes every piece from a single peer. Not
 * thread-safe: the caller locks.
 *
 * @param <P> how the caller names a peer
 */
final class MetadataPieces<P> {
    /** BEP 9 sizes are 32-bit; the largest we take is also capped by the caller. */
    static final long SIZE_LIMIT = (1L << 31) - 1;
    /** A request unanswered for this long may be asked of someone else too. */
    static final long REASK_NANOS = 10_000_000_000L;

    /** What a received piece led to. */
    sealed interface Outcome<P> {}

    /** Kept; more are needed. */
    record Stored<P>() implements Outcome<P> {}

    /** The peer broke the rules (unasked, wrong size): drop it. */
    record Refused<P>(String reason) implements Outcome<P> {}

    /** All pieces are here and hash to the info-hash. */
    record Complete<P>(byte[] info) implements Outcome<P> {}

    /** All pieces are here and do not hash right: they are discarded; {@code blamed} (if any) is to be dropped. */
    record Corrupt<P>(List<P> blamed) implements Outcome<P> {}

    private final InfoHash infoHash;
    private final long maxSize;
    private final int maxRejects;
    private long size = -1;
    private int count;
    private byte[][] data;
    private List<P> from;
    private List<P> askedOf;
    private long[] askedAt;
    private final Map<P, BitSet> rejectedBy = new HashMap<>();
    /** What each peer was asked and has not answered yet: only those pieces may come from it. */
    private final Map<P, BitSet> asked = new HashMap<>();
    private final Map<P, Integer> rejects = new HashMap<>();
    private boolean singleSource;
    private P source;

    /** {@code maxRejects}: rejects one peer may send before it is dropped (a reject flood costs us nothing more). */
    MetadataPieces(InfoHash infoHash, long maxSize, int maxRejects) {
        this.infoHash = infoHash;
        this.maxSize = Math.min(maxSize, SIZE_LIMIT);
        this.maxRejects = maxRejects;
    }

    /** Why a peer's {@code metadata_size} is unusable, or null if it is usable. */
    String refusal(OptionalLong advertised) {
        if (advertised.isEmpty()) return "its extension handshake has no metadata_size (it does not have the metadata)";
        long n = advertised.getAsLong();
        if (n <= 0 || n > SIZE_LIMIT) return "metadata_size " + n + " is not a size";
        if (n > maxSize) return "metadata_size " + n + " is over the limit of " + maxSize + " bytes (--max-metadata-size)";
        return null;
    }

    /** The size being fetched, or -1 before any peer has told one. */
    long size() {
        return size;
    }

    int pieceCount() {
        return count;
    }

    int piecesHere() {
        int n = 0;
        for (byte[] d : data == null ? new byte[0][] : data) if (d != null) n++;
        return n;
    }

    /**
     * A peer with a usable size (see {@link #refusal}); true if it can help now. The first peer's size is the one
     * fetched; a peer telling another size waits until {@link #restart} moves to it.
     */
    boolean join(P peer, long advertised) {
        if (size < 0) start(advertised);
        return advertised == size;
    }

    /** No peer with the current size is left: start over with another peer's size. */
    void restart(long advertised) {
        start(advertised);
    }

    private void start(long n) {
        size = n;
        count = (int) ((n + MetadataMessage.PIECE_SIZE - 1) / MetadataMessage.PIECE_SIZE);
        data = new byte[count][];
        from = new ArrayList<>();
        askedOf = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            from.add(null);
            askedOf.add(null);
        }
        askedAt = new long[count];
        singleSource = false;
        source = null;
        rejectedBy.clear();
        asked.clear();
    }

    /** Requests {@code peer} has not answered. */
    int outstanding(P peer) {
        BitSet b = asked.get(peer);
        return b == null ? 0 : b.cardinality();
    }

    int expectedLength(int piece) {
        return (int) Math.min(MetadataMessage.PIECE_SIZE, size - (long) piece * MetadataMessage.PIECE_SIZE);
    }

    /** A piece to ask of {@code peer}: one nobody has, not asked of anyone lately, not rejected by this peer. */
    OptionalInt next(P peer, long now) {
        if (size < 0) return OptionalInt.empty();
        if (singleSource) {
            if (source == null && piecesHere() == 0) source = peer;
            if (!Objects.equals(source, peer)) return OptionalInt.empty();
        }
        BitSet refused = rejectedBy.getOrDefault(peer, new BitSet());
        for (int i = 0; i < count; i++) {
            if (data[i] != null || refused.get(i) || Objects.equals(askedOf.get(i), peer)) continue;
            if (askedOf.get(i) != null && now - askedAt[i] < REASK_NANOS) continue;
            askedOf.set(i, peer);
            askedAt[i] = now;
            asked.computeIfAbsent(peer, k -> new BitSet()).set(i);
            return OptionalInt.of(i);
        }
        return OptionalInt.empty();
    }

    /** True if {@code peer} has rejected every piece still missing: it has nothing for us. */
    boolean useless(P peer) {
        BitSet refused = rejectedBy.get(peer);
        if (size < 0 || refused == null) return false;
        for (int i = 0; i < count; i++) if (data[i] == null && !refused.get(i)) return false;
        return true;
    }

    /** A piece arrived from {@code peer}. */
    Outcome<P> received(P peer, MetadataMessage.Data d) {
        int piece = d.piece();
        BitSet mine = asked.get(peer);
        if (size < 0 || piece >= count || mine == null || !mine.get(piece)) {
            return new Refused<>("sent metadata piece " + piece + ", which we did not ask it for");
        }
        if (d.totalSize() != size) return new Refused<>("sent total_size " + d.totalSize() + " after a handshake saying " + size);
        if (d.length() != expectedLength(piece)) {
            return new Refused<>("sent " + d.length() + " bytes for metadata piece " + piece + ", which has " + expectedLength(piece));
        }
        mine.clear(piece);
        if (Objects.equals(askedOf.get(piece), peer)) askedOf.set(piece, null);
        if (data[piece] == null) {
            data[piece] = d.data();
            from.set(piece, peer);
        }
        if (piecesHere() < count) return new Stored<>();
        byte[] all = new byte[(int) size];
        for (int i = 0; i < count; i++) System.arraycopy(data[i], 0, all, i * MetadataMessage.PIECE_SIZE, data[i].length);
        if (InfoHash.of(all).equals(infoHash)) return new Complete<>(all);
        Set<P> senders = new HashSet<>(from);
        long keep = size;
        start(keep);
        if (senders.size() == 1) return new Corrupt<>(List.of(senders.iterator().next()));
        singleSource = true; // nobody can be blamed for a mix: from now on one peer sends it all
        return new Corrupt<>(List.of());
    }

    /** The peer will not send that piece; true when it has rejected more than we take (drop it). */
    boolean rejected(P peer, int piece) {
        int n = rejects.merge(peer, 1, Integer::sum);
        BitSet mine = asked.get(peer);
        if (size >= 0 && piece >= 0 && piece < count && mine != null && mine.get(piece)) {
            mine.clear(piece);
            if (Objects.equals(askedOf.get(piece), peer)) askedOf.set(piece, null);
            rejectedBy.computeIfAbsent(peer, k -> new BitSet()).set(piece);
        }
        return n > maxRejects;
    }

    /** The peer went: what it was asked goes back to the others. */
    void left(P peer) {
        if (size < 0) return;
        for (int i = 0; i < count; i++) if (Objects.equals(askedOf.get(i), peer)) askedOf.set(i, null);
        if (Objects.equals(source, peer)) {
            source = null;
            for (int i = 0; i < count; i++) data[i] = null; // the next source sends everything
        }
        rejectedBy.remove(peer);
        asked.remove(peer);
    }
}
