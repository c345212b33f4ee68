package connectivity.torrent.tracker;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The peers of one swarm of {@link InMemorySwarmStore}, guarded by the caller's lock on it: four {@link PeerSlots}
 * (IPv4 leechers, IPv4 seeders, IPv6 leechers, IPv6 seeders), so the peers an announce may get are a few dense runs
 * of bytes; a {@link SlotIndex} from endpoint to slot for O(1) update and swap-remove; and an index by peer id and
 * address family for the entries announced with a {@code key}, so a peer that moved can find the entry it left.
 *
 * <p>A slot reference is {@code slot << 2 | kind}, the kind being the index in {@link #kinds}.
 */
final class SwarmPeers {
    /** A swarm sweeps out its expired peers when the expiry cutoff has moved on by this much. */
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    private final PeerSlots[] kinds = {new PeerSlots(false), new PeerSlots(false), new PeerSlots(true), new PeerSlots(true)};
    private final SlotIndex index = new SlotIndex();
    private final Map<IdAndFamily, PeerRecord> keyed = new HashMap<>();
    long downloaded;
    /** Removed from the store; whoever still holds it must look the swarm up again. */
    boolean dead;
    /** When anyone last announced to it, so a swarm without peers is not kept for ever for its download count. */
    Instant lastAnnounce = Instant.MIN;
    private Instant lastSweep = Instant.MIN;

    private static int kind(PeerRecord p) {
        return (p.ipv6() ? 2 : 0) + (p.seeder() ? 1 : 0);
    }

    private static boolean seeders(int kind) {
        return (kind & 1) == 1;
    }

    int size() {
        return index.size();
    }

    private int seeders() {
        return kinds[1].size() + kinds[3].size();
    }

    /** The slot reference of the entry at {@code peer}'s endpoint, or -1. */
    int find(PeerRecord peer) {
        return index.get(peer);
    }

    private PeerRecord record(int ref) {
        return kinds[ref & 3].record(ref >>> 2);
    }

    /**
     * The entry {@code peer} left behind, if its announce from a new endpoint proves it is the same peer (BEP 3's
     * {@code key}); empty otherwise, and always for announces without a key.
     */
    Optional<PeerRecord> movedFrom(PeerRecord peer) {
        if (!peer.hasKey() || index.get(peer) >= 0) return Optional.empty();
        PeerRecord old = keyed.get(IdAndFamily.of(peer));
        if (old == null || index.get(old) < 0 || !old.movedTo(peer)) return Optional.empty();
        return Optional.of(old);
    }

    /** Records the peer in place of the entry at its endpoint; returns its slot reference. */
    int put(PeerRecord peer) {
        return put(peer, find(peer));
    }

    /** As {@link #put(PeerRecord)}, {@code ref} being what {@link #find} says of {@code peer} now. */
    int put(PeerRecord peer, int ref) {
        int kind = kind(peer);
        PeerRecord before = null;
        if (ref >= 0) {
            if ((ref & 3) == kind && kinds[kind].sameIdentity(ref >>> 2, peer)) {
                // A re-announce, the common case: only the time changes, and the slot has its own copy of that. The
                // record stays (its lastSeen is when it was stored), so the keyed index needs no change either.
                kinds[kind].touch(ref >>> 2, peer.seenNanos());
                return ref;
            }
            before = record(ref);
            if ((ref & 3) == kind) {
                kinds[kind].set(ref >>> 2, peer);
                rekey(before, peer);
                return ref;
            }
            vacate(ref); // a leecher that became a seeder, or back: it moves to the other kind
        }
        ref = kinds[kind].add(peer) << 2 | kind;
        index.put(peer, ref);
        rekey(before, peer);
        return ref;
    }

    /** Keeps the keyed index on the record now at the endpoint {@code before} (null if none) was at. */
    private void rekey(PeerRecord before, PeerRecord after) {
        // The same id and family again (a re-announce): the put below replaces the entry, so no removal first.
        if (before != null && !(after.hasKey() && before.sameId(after))) unindexKey(before);
        if (after.hasKey()) keyed.put(IdAndFamily.of(after), after);
    }

    private void unindexKey(PeerRecord gone) {
        if (!gone.hasKey()) return;
        IdAndFamily k = IdAndFamily.of(gone);
        PeerRecord at = keyed.get(k);
        if (at != null && at.sameEndpoint(gone)) keyed.remove(k);
    }

    /** Empties the slot {@code ref} in its kind, re-indexing the peer moved into it. */
    private void vacate(int ref) {
        int kind = ref & 3;
        int slot = ref >>> 2;
        PeerRecord moved = kinds[kind].removeAt(slot);
        if (moved != null) index.put(moved, ref);
    }

    /** Removes the entry at {@code peer}'s endpoint; true if there was one. */
    boolean remove(PeerRecord peer) {
        int ref = index.remove(peer);
        if (ref < 0) return false;
        unindexKey(record(ref));
        vacate(ref);
        return true;
    }

    /** Sweeps if the cutoff moved on enough since the last sweep; returns how many peers were dropped. */
    int sweepIfDue(Instant expiredBefore) {
        if (lastSweep.equals(Instant.MIN) || Duration.between(lastSweep, expiredBefore).compareTo(SWEEP_EVERY) >= 0) return sweep(expiredBefore);
        return 0;
    }

    int sweep(Instant expiredBefore) {
        lastSweep = expiredBefore;
        long cutoff = PeerRecord.nanos(expiredBefore);
        int dropped = 0;
        for (PeerSlots slots : kinds) {
            // From the end: the peer swapped into a freed slot has been looked at already.
            for (int i = slots.size() - 1; i >= 0; i--) {
                if (i < slots.size() && slots.expired(i, cutoff)) {
                    remove(slots.record(i));
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /** True when nothing in it is worth keeping: no peers, and no download count anyone announced to lately. */
    boolean forgettable(Instant expiredBefore) {
        return size() == 0 && (downloaded == 0 || lastAnnounce.isBefore(expiredBefore));
    }

    SwarmStore.SwarmStats stats() {
        int seeders = seeders();
        return new SwarmStore.SwarmStats(seeders, size() - seeders, downloaded);
    }

    /**
     * Up to {@code numwant} live others of the {@code families} asked for, {@code self} being at {@code selfRef}; no
     * seeders for a seeder unless {@code seedersToo} (its first announce). The kinds it may give are taken as one
     * ring and walked from a random place, copying runs of slots, so a sample is a few array copies.
     */
    PeerSample sample(PeerRecord self, int selfRef, boolean seedersToo, Instant expiredBefore, int numwant, SwarmStore.Families families) {
        boolean skipSeeders = self.seeder() && !seedersToo;
        PeerSlots[] ring = new PeerSlots[4];
        int[] ringKinds = new int[4];
        int kindsInRing = 0, n = 0, v4 = 0, v6 = 0;
        for (int k = 0; k < 4; k++) {
            boolean ipv6 = k >= 2;
            if (!families.allows(ipv6) || (skipSeeders && seeders(k))) continue;
            int size = kinds[k].size() - (k == (selfRef & 3) ? 1 : 0);
            if (ipv6) v6 += size;
            else v4 += size;
            n += kinds[k].size();
            ringKinds[kindsInRing] = k;
            ring[kindsInRing++] = kinds[k];
        }
        int room = Math.min(numwant, v4 + v6);
        if (room <= 0) return PeerSample.NONE;
        PeerSample.Filler out = new PeerSample.Filler(room, v4, v6);
        long cutoff = PeerRecord.nanos(expiredBefore);
        // Find where a random place in the ring falls, then walk n slots from there.
        int offset = ThreadLocalRandom.current().nextInt(n);
        int r = 0;
        while (offset >= ring[r].size()) offset -= ring[r++].size();
        for (int remaining = n; remaining > 0 && out.room() > 0; r = (r + 1) % kindsInRing, offset = 0) {
            int to = Math.min(ring[r].size(), offset + remaining);
            int skip = ringKinds[r] == (selfRef & 3) ? selfRef >>> 2 : -1;
            ring[r].copyLive(offset, to, cutoff, skip, self, out);
            remaining -= to - offset;
        }
        return out.build();
    }

    /** A peer id on IPv4 or on IPv6, compared by content; its hash is the record's, made once. */
    private record IdAndFamily(byte[] id, boolean v6, int hash) {
        static IdAndFamily of(PeerRecord p) {
            return new IdAndFamily(p.sharedPeerId(), p.ipv6(), p.idHash());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdAndFamily k && v6 == k.v6 && hash == k.hash && Arrays.equals(id, k.id);
        }

        @Override
        public int hashCode() {
            return hash * 2 + (v6 ? 1 : 0);
        }
    }
}
