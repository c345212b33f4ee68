package connectivity.torrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.storage.TorrentLayout;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PiecePickerTest {
    private static TorrentLayout layout(int pieces, int pieceLength) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < pieces; i++) hashes.add(new byte[20]);
        long total = (long) pieces * pieceLength - 1000;
        return new TorrentLayout.Simple(pieceLength, total, List.of(new TorrentLayout.FileSpan(List.of("f"), total, 0)), hashes);
    }

    private static BitSet all(int n) {
        BitSet b = new BitSet();
        b.set(0, n);
        return b;
    }

    @Test
    void blocksAre16KibAndTheLastIsShort() {
        TorrentLayout l = layout(2, 64 * 1024);
        PiecePicker p = new PiecePicker(l, new BitSet(), new Random(1));
        p.addAvailability(all(2));
        List<PiecePicker.Block> blocks = p.pick("a", all(2), 100, k -> false);
        assertThat(blocks).hasSize(8);
        assertThat(blocks).allMatch(b -> b.begin() % 16384 == 0);
        assertThat(blocks.stream().filter(b -> b.piece() == 1).mapToInt(PiecePicker.Block::length).sum()).isEqualTo(64 * 1024 - 1000);
    }

    @Test
    void afterTheFirstPieceTheRarestComesFirst() {
        TorrentLayout l = layout(10, 16384);
        BitSet have = new BitSet();
        have.set(0);
        PiecePicker p = new PiecePicker(l, have, new Random(2));
        p.addAvailability(all(10));
        p.addAvailability(all(10));
        p.addAvailability(7); // everyone has everything twice or more, piece 7 three times...
        BitSet rare = new BitSet();
        rare.set(4);
        p.removeAvailability(rare); // ...and piece 4 only once
        assertThat(p.pick("a", all(10), 1, k -> false)).extracting(PiecePicker.Block::piece).containsExactly(4);
    }

    @Test
    void beforeTheFirstPieceThePickIsRandom() {
        TorrentLayout l = layout(50, 16384);
        Set<Integer> firsts = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            PiecePicker p = new PiecePicker(l, new BitSet(), new Random(seed));
            p.addAvailability(all(50));
            firsts.add(p.pick("a", all(50), 1, k -> false).get(0).piece());
        }
        assertThat(firsts.size()).isGreaterThan(5);
    }

    @Test
    void startedPiecesAreFinishedBeforeNewOnesAndEndgameDuplicates() {
        TorrentLayout l = layout(2, 32 * 1024);
        PiecePicker p = new PiecePicker(l, new BitSet(), new Random(3));
        p.addAvailability(all(2));
        p.addAvailability(all(2));
        List<PiecePicker.Block> a = p.pick("a", all(2), 3, k -> false);
        assertThat(p.inEndgame()).isFalse();
        Set<Long> aKeys = new HashSet<>();
        a.forEach(b -> aKeys.add(b.key()));
        // b gets the one block left, then (endgame) blocks a already has outstanding, never its own twice
        List<PiecePicker.Block> b = p.pick("b", all(2), 10, k -> false);
        assertThat(p.inEndgame()).isTrue();
        assertThat(b).hasSize(4);
        assertThat(b.stream().filter(x -> aKeys.contains(x.key()))).hasSize(3);
        // a block that arrives is claimed once only
        PiecePicker.Block first = a.get(0);
        assertThat(p.claim(first.piece(), first.begin())).isTrue();
        assertThat(p.claim(first.piece(), first.begin())).isFalse();
    }

    @Test
    void aFailedPieceIsRefetchedFromOnePeerAndReleasedWhenItLeaves() {
        TorrentLayout l = layout(1, 32 * 1024);
        PiecePicker p = new PiecePicker(l, new BitSet(), new Random(4));
        p.addAvailability(all(1));
        for (PiecePicker.Block b : p.pick("a", all(1), 10, k -> false)) {
            p.claim(b.piece(), b.begin());
            p.written(b.piece(), b.begin(), "a");
        }
        assertThat(p.contributors(0)).containsExactly("a");
        p.failed(0);
        List<PiecePicker.Block> toB = p.pick("b", all(1), 1, k -> false);
        assertThat(toB).hasSize(1); // b now owns the piece
        assertThat(p.pick("c", all(1), 10, k -> false)).isEmpty();
        p.release(toB.get(0).piece(), toB.get(0).begin()); // b leaves
        p.forget("b");
        assertThat(p.pick("c", all(1), 10, k -> false)).hasSize(2);
    }

    @Test
    void releasedBlocksAreOfferedAgain() {
        TorrentLayout l = layout(1, 16384);
        PiecePicker p = new PiecePicker(l, new BitSet(), new Random(5));
        p.addAvailability(all(1));
        PiecePicker.Block b = p.pick("a", all(1), 1, k -> false).get(0);
        p.release(b.piece(), b.begin());
        assertThat(p.pick("b", all(1), 1, k -> false)).containsExactly(b);
    }
}
