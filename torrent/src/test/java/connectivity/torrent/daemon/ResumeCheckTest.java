package connectivity.torrent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.storage.TorrentLayout;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The resume rules without files: 10-byte pieces over files of 25 and 35 bytes. */
class ResumeCheckTest {
    /** Pieces 0-1 in file a, piece 2 in both, pieces 3-5 in file b. */
    private static final TorrentLayout LAYOUT = new TorrentLayout() {
        public int pieceLength() {
            return 10;
        }

        public long totalLength() {
            return 60;
        }

        public List<FileSpan> files() {
            return List.of(new FileSpan(List.of("a"), 25, 0), new FileSpan(List.of("b"), 35, 25));
        }

        public byte[] pieceHash(int index) {
            return new byte[20];
        }
    };

    private static BitSet bits(int... p) {
        BitSet b = new BitSet();
        for (int i : p) b.set(i);
        return b;
    }

    @Test
    void unchangedFilesVouchForEverySavedPiece() {
        List<FileStamp> saved = List.of(new FileStamp(25, 1000), new FileStamp(35, 2000));
        var plan = ResumeCheck.plan(LAYOUT, bits(0, 1, 2, 4), saved, 5000, List.of(Optional.of(saved.get(0)), Optional.of(saved.get(1))), 3000);
        assertThat(plan.trusted()).isEqualTo(bits(0, 1, 2, 4));
        assertThat(plan.recheck()).isEqualTo(new BitSet());
    }

    @Test
    void aFileTouchedLongAfterTheLastHeartbeatHasItsPiecesRechecked() {
        List<FileStamp> saved = List.of(new FileStamp(25, 1000), new FileStamp(35, 2000));
        var now = List.of(Optional.of(new FileStamp(25, 1000)), Optional.of(new FileStamp(35, 99_000)));
        var plan = ResumeCheck.plan(LAYOUT, bits(0, 1, 2, 4), saved, 5000, now, 3000);
        assertThat(plan.trusted()).isEqualTo(bits(0, 1));
        assertThat(plan.recheck()).isEqualTo(bits(2, 4));
    }

    @Test
    void anIncompleteFileWrittenUpToTheHeartbeatIsOurOwnWriting() {
        List<FileStamp> saved = List.of(new FileStamp(25, 1000), new FileStamp(35, 2000));
        var now = List.of(Optional.of(new FileStamp(25, 1000)), Optional.of(new FileStamp(35, 7000)));
        assertThat(ResumeCheck.plan(LAYOUT, bits(0, 1, 2, 4), saved, 5000, now, 3000).recheck()).isEqualTo(new BitSet());
    }

    @Test
    void aCompleteFileMustKeepItsExactStampAndAResizedOrMissingFileNeverVouches() {
        List<FileStamp> saved = List.of(new FileStamp(25, 1000), new FileStamp(35, 2000));
        var touched = List.of(Optional.of(new FileStamp(25, 1500)), Optional.of(new FileStamp(35, 2000)));
        assertThat(ResumeCheck.plan(LAYOUT, bits(0, 1, 2), saved, 5000, touched, 3000).recheck()).isEqualTo(bits(0, 1, 2));
        var resized = List.of(Optional.of(new FileStamp(24, 1000)), Optional.<FileStamp>empty());
        assertThat(ResumeCheck.plan(LAYOUT, bits(0, 3), saved, 5000, resized, 3000).trusted()).isEqualTo(new BitSet());
    }
}
