package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.storage.TorrentLayout;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The picker against a model, with file choices changing while blocks are in flight (requested of several peers,
 * arriving late, released, failing their hash): the free-block count that decides endgame stays exact, no block of
 * an unwanted piece is asked for, and once everything is wanted again every piece is fetched (none lost).
 */
class PiecePickerChoicesModelTest {
    private static final int BLOCK = 16384;

    private static TorrentLayout layout(int pieceBlocks, long... lengths) {
        List<TorrentLayout.FileSpan> files = new ArrayList<>();
        long offset = 0;
        for (int k = 0; k < lengths.length; k++) {
            files.add(new TorrentLayout.FileSpan(List.of("f" + k), lengths[k], offset));
            offset += lengths[k];
        }
        int piece = pieceBlocks * BLOCK;
        List<byte[]> hashes = new ArrayList<>();
        for (long p = 0; p < (offset + piece - 1) / piece; p++) hashes.add(new byte[20]);
        return new TorrentLayout.Simple(piece, offset, files, hashes);
    }

    @SuppressWarnings("unchecked")
    private static void checkFreeCount(PiecePicker p) throws Exception {
        Field tf = PiecePicker.class.getDeclaredField("totalFree"), af = PiecePicker.class.getDeclaredField("active");
        tf.setAccessible(true);
        af.setAccessible(true);
        int sum = 0;
        for (PiecePicker.Active a : ((Map<Integer, PiecePicker.Active>) af.get(p)).values()) {
            int free = 0;
            for (byte s : a.state) if (s == PiecePicker.FREE) free++;
            assertThat(a.free).as("piece " + a.piece + " free count").isEqualTo(free);
            if (p.wanted(a.piece)) sum += a.free;
        }
        assertThat(tf.getInt(p)).as("free blocks of wanted pieces").isEqualTo(sum);
    }

    @Property(tries = 300)
    void choicesChangingMidFlightLoseNothingAndKeepTheCountsExact(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        int pieceBlocks = 1 + r.nextInt(3);
        int files = 1 + r.nextInt(4);
        long[] lengths = new long[files];
        for (int k = 0; k < files; k++) lengths[k] = 1 + r.nextInt(4 * pieceBlocks * BLOCK);
        TorrentLayout l = layout(pieceBlocks, lengths);
        int n = l.pieceCount();
        BitSet have = new BitSet();
        PiecePicker p = new PiecePicker(l, have, new Random(seed));
        BitSet all = new BitSet();
        all.set(0, n);
        String[] peers = {"a", "b", "c"};
        for (String ignored : peers) p.addAvailability(all);
        // Outstanding requests per peer, and blocks claimed but not yet on disk.
        Map<String, List<PiecePicker.Block>> out = new HashMap<>();
        for (String s : peers) out.put(s, new ArrayList<>());
        List<PiecePicker.Block> claimed = new ArrayList<>();
        FileChoices choices = FileChoices.all(files);
        for (int step = 0; step < 400; step++) {
            int op = r.nextInt(10);
            String peer = peers[r.nextInt(peers.length)];
            List<PiecePicker.Block> mine = out.get(peer);
            if (op <= 2) {
                List<PiecePicker.Block> got = p.pick(peer, all, 1 + r.nextInt(4), k -> mine.stream().anyMatch(b -> b.key() == k));
                for (PiecePicker.Block b : got) assertThat(p.wanted(b.piece())).as("asked for an unwanted piece").isTrue();
                mine.addAll(got);
            } else if (op <= 5 && !mine.isEmpty()) {
                PiecePicker.Block b = mine.remove(r.nextInt(mine.size()));
                if (!have.get(b.piece()) && p.arrived(b.piece(), b.begin(), true)) {
                    claimed.add(b);
                    for (String other : peers) {
                        if (!other.equals(peer) && out.get(other).removeIf(x -> x.key() == b.key())) p.release(b.piece(), b.begin());
                    }
                }
            } else if (op == 6 && !mine.isEmpty()) {
                PiecePicker.Block b = mine.remove(r.nextInt(mine.size()));
                p.release(b.piece(), b.begin());
            } else if (op == 7 && !claimed.isEmpty()) {
                PiecePicker.Block b = claimed.remove(r.nextInt(claimed.size()));
                if (r.nextInt(8) == 0) {
                    p.unclaim(b.piece(), b.begin());
                } else if (p.written(b.piece(), b.begin(), peer)) {
                    if (r.nextInt(6) == 0) p.failed(b.piece());
                    else p.verified(b.piece());
                }
            } else if (op == 8) {
                List<Boolean> w = new ArrayList<>();
                List<Integer> pr = new ArrayList<>();
                for (int k = 0; k < files; k++) {
                    w.add(r.nextInt(3) != 0);
                    pr.add(r.nextInt(3) - 1);
                }
                choices = new FileChoices(w, pr);
                p.classes(choices.pieceClasses(l));
            } else if (op == 9) {
                for (PiecePicker.Block b : mine) p.release(b.piece(), b.begin());
                mine.clear();
                p.forget(peer);
            }
            checkFreeCount(p);
            assertThat(p.done()).isEqualTo(choices.doneWith(l, have));
        }
        // Everything wanted, every outstanding request answered or dropped: the whole torrent comes in.
        p.classes(FileChoices.all(files).pieceClasses(l));
        for (String s : peers) {
            for (PiecePicker.Block b : out.get(s)) p.release(b.piece(), b.begin());
            out.get(s).clear();
            p.forget(s); // the peers leave: "a" below is a newcomer
        }
        for (PiecePicker.Block b : claimed) if (p.written(b.piece(), b.begin(), "a")) p.verified(b.piece());
        claimed.clear();
        checkFreeCount(p);
        for (int guard = 0; guard < 100 * n * pieceBlocks && have.cardinality() < n; guard++) {
            List<PiecePicker.Block> got = p.pick("d", all, 4, k -> false);
            assertThat(got).as("pieces left but nothing to ask for: " + have).isNotEmpty();
            for (PiecePicker.Block b : got) {
                if (p.arrived(b.piece(), b.begin(), true) && p.written(b.piece(), b.begin(), "d")) p.verified(b.piece());
            }
        }
        assertThat(have.cardinality()).isEqualTo(n);
        assertThat(p.done()).isTrue();
    }
}
