package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.storage.TorrentLayout;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The picker with file choices: unwanted pieces are never asked for, and high priority goes before normal before low. */
class PiecePickerFilesTest {
    private static final int PIECE = 16384;

    /** Files of these lengths, one after another, in pieces of 16 KiB (one block each). */
    private static TorrentLayout layout(long... lengths) {
        List<TorrentLayout.FileSpan> files = new ArrayList<>();
        long offset = 0;
        for (int k = 0; k < lengths.length; k++) {
            files.add(new TorrentLayout.FileSpan(List.of("f" + k), lengths[k], offset));
            offset += lengths[k];
        }
        List<byte[]> hashes = new ArrayList<>();
        for (long p = 0; p < (offset + PIECE - 1) / PIECE; p++) hashes.add(new byte[20]);
        return new TorrentLayout.Simple(PIECE, offset, files, hashes);
    }

    private static BitSet all(int n) {
        BitSet b = new BitSet();
        b.set(0, n);
        return b;
    }

    /** Picks one block at a time for a peer with every piece, completing each, until nothing is left: the pieces in order. */
    private static List<Integer> drain(PiecePicker p, int pieces) {
        List<Integer> order = new ArrayList<>();
        for (int guard = 0; guard < 10 * pieces; guard++) {
            List<PiecePicker.Block> got = p.pick("a", all(pieces), 1, k -> false);
            if (got.isEmpty()) break;
            PiecePicker.Block b = got.get(0);
            assertThat(p.arrived(b.piece(), b.begin(), true)).isTrue();
            if (p.written(b.piece(), b.begin(), "a")) {
                p.verified(b.piece());
                order.add(b.piece());
            }
        }
        return order;
    }

    @Test
    void piecesOnlyInUnwantedFilesAreNeverAskedForAndStraddlingOnesAre() {
        // f0: pieces 0-1 and half of 2; f1: the rest of 2, 3, 4; f2: 5.
        TorrentLayout l = layout(2 * PIECE + PIECE / 2, 2 * PIECE + PIECE / 2, PIECE);
        BitSet have = new BitSet();
        PiecePicker p = new PiecePicker(l, have, new Random(1));
        p.addAvailability(all(6));
        p.classes(new FileChoices(List.of(true, false, true), List.of(0, 0, 0)).pieceClasses(l));
        assertThat(p.wantedPieces()).isEqualTo(BitSet.valueOf(new long[] {0b100111}));
        assertThat(drain(p, 6)).containsExactlyInAnyOrder(0, 1, 2, 5);
        assertThat(p.done()).isTrue();
        assertThat(p.inEndgame()).as("nothing wanted is left").isTrue();
        assertThat(have.get(3) || have.get(4)).isFalse();

        // Wanting f1 again resumes: its two pieces come next.
        p.classes(FileChoices.all(3).pieceClasses(l));
        assertThat(p.done()).isFalse();
        assertThat(drain(p, 6)).containsExactlyInAnyOrder(3, 4);
        assertThat(p.done()).isTrue();
    }

    @Test
    void highComesBeforeNormalBeforeLowAndRarestFirstWithinAClass() {
        TorrentLayout l = layout(3 * PIECE, 3 * PIECE, 3 * PIECE); // f0: 0-2, f1: 3-5, f2: 6-8
        BitSet have = new BitSet();
        PiecePicker p = new PiecePicker(l, have, new Random(2));
        p.addAvailability(all(9));
        p.addAvailability(all(9));
        BitSet rare = new BitSet();
        rare.set(1);
        rare.set(4);
        rare.set(7);
        p.removeAvailability(rare);
        have.set(4); // past the random first piece (and 4 is no longer missing)
        p.classes(new FileChoices(List.of(true, true, true), List.of(FileChoices.LOW, FileChoices.NORMAL, FileChoices.HIGH)).pieceClasses(l));
        List<Integer> order = drain(p, 9);
        assertThat(order).hasSize(8);
        assertThat(order.subList(0, 3)).as("high: f2").containsExactlyInAnyOrder(6, 7, 8);
        assertThat(order.get(0)).as("the rarest of f2").isEqualTo(7);
        assertThat(order.subList(3, 5)).as("normal: f1").containsExactlyInAnyOrder(3, 5);
        assertThat(order.subList(5, 8)).as("low: f0").containsExactlyInAnyOrder(0, 1, 2);
        assertThat(order.get(5)).as("the rarest of f0").isEqualTo(1);
    }

    @Test
    void aPieceInProgressThatBecomesUnwantedIsParkedAndItsLateBlocksAreNotStored() {
        TorrentLayout l = layout(2 * PIECE, 2 * PIECE); // 32 KiB pieces would be two blocks; here each piece is one
        PiecePicker p = new PiecePicker(l, new BitSet(), new Random(3));
        p.addAvailability(all(4));
        PiecePicker.Block b = p.pick("a", all(4), 1, k -> false).get(0);
        int file = b.piece() / 2;
        List<Boolean> wanted = new ArrayList<>(List.of(true, true));
        wanted.set(file, false);
        p.classes(new FileChoices(wanted, List.of(0, 0)).pieceClasses(l));
        assertThat(p.arrived(b.piece(), b.begin(), true)).as("a late block of an unwanted piece is dropped").isFalse();
        assertThat(p.activePieces().get(b.piece())).as("parked, it is not shown in flight").isFalse();
        List<Integer> rest = drain(p, 4);
        assertThat(rest).hasSize(2).allMatch(piece -> piece / 2 != file);
        // Wanted again: the parked piece's block is free, and it is fetched.
        p.classes(FileChoices.all(2).pieceClasses(l));
        assertThat(p.pick("a", all(4), 1, k -> false)).extracting(PiecePicker.Block::piece).containsExactly(b.piece());
        assertThat(p.activePieces().get(b.piece())).as("wanted again, in flight again").isTrue();
        assertThat(p.arrived(b.piece(), b.begin(), true)).isTrue();
        assertThat(p.written(b.piece(), b.begin(), "a")).isTrue();
        p.verified(b.piece());
        assertThat(drain(p, 4)).hasSize(1).allMatch(piece -> piece / 2 == file);
        assertThat(p.done()).isTrue();
    }

    @Test
    void choicesAreCheckedAndEmptyIndicesMeanEveryFile() {
        FileChoices c = FileChoices.all(3).withWanted(List.of(), false);
        assertThat(c.wanted()).containsExactly(false, false, false);
        assertThat(c.withPriority(List.of(1), FileChoices.HIGH).priorities()).containsExactly(0, 1, 0);
        assertThatThrownBy(() -> c.withWanted(List.of(3), true)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new FileChoices(List.of(true), List.of(2))).isInstanceOf(IllegalArgumentException.class);
        TorrentLayout l = layout(PIECE, 0, PIECE);
        assertThat(c.pieceClasses(l)).containsExactly(FileChoices.SKIP, FileChoices.SKIP);
        assertThat(FileChoices.all(3).withWanted(List.of(0, 2), false).wantedPieces(l).isEmpty()).as("an empty file touches no piece").isTrue();
    }

    record Case(long[] lengths, List<Boolean> wanted, List<Integer> priorities, long seed) {}

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers().between(1, 6).flatMap(n -> Combinators.combine(
                Arbitraries.longs().between(0, 5L * PIECE).array(long[].class).ofSize(n),
                Arbitraries.of(true, false).list().ofSize(n),
                Arbitraries.integers().between(-1, 1).list().ofSize(n),
                Arbitraries.longs()).as(Case::new)).filter(c -> java.util.Arrays.stream(c.lengths()).sum() > 0);
    }

    /**
     * Whatever the files and choices: exactly the wanted pieces are fetched, each piece's class never rises along
     * the order (a peer with every piece), and the picker is done at the end.
     */
    @Property(tries = 300)
    void exactlyTheWantedPiecesComeMostUrgentClassFirst(@ForAll("cases") Case c) {
        TorrentLayout l = layout(c.lengths());
        int n = l.pieceCount();
        FileChoices choices = new FileChoices(c.wanted(), c.priorities());
        byte[] classes = choices.pieceClasses(l);
        PiecePicker p = new PiecePicker(l, new BitSet(), new Random(c.seed()));
        p.addAvailability(all(n));
        p.classes(classes);
        List<Integer> order = drain(p, n);
        BitSet fetched = new BitSet();
        order.forEach(fetched::set);
        assertThat(fetched).isEqualTo(choices.wantedPieces(l));
        for (int i = 1; i < order.size(); i++) assertThat(classes[order.get(i)]).isLessThanOrEqualTo(classes[order.get(i - 1)]);
        for (int piece = 0; piece < n; piece++) {
            long start = (long) piece * PIECE, end = start + l.pieceSize(piece);
            boolean touchesWanted = false;
            for (int k = 0; k < l.files().size(); k++) {
                TorrentLayout.FileSpan f = l.files().get(k);
                if (c.wanted().get(k) && f.length() > 0 && f.offset() < end && f.offset() + f.length() > start) touchesWanted = true;
            }
            assertThat(fetched.get(piece)).as("piece " + piece).isEqualTo(touchesWanted);
        }
        assertThat(p.done()).isTrue();
        assertThat(choices.doneWith(l, fetched)).isTrue();
        if (!fetched.isEmpty()) {
            fetched.clear(fetched.nextSetBit(0));
            assertThat(choices.doneWith(l, fetched)).isFalse();
        }
    }
}
