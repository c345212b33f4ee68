package connectivity.torrent.magnet;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.peer.MetadataMessage;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The metadata phase's bookkeeping, without sockets: sizes, pieces from several peers, blame, rejects. */
class MetadataPiecesTest {
    private static final int SIZE = 2 * MetadataMessage.PIECE_SIZE + 100;
    private final byte[] info = new byte[SIZE];
    private final InfoHash hash;
    private final MetadataPieces<String> pieces;

    MetadataPiecesTest() {
        new Random(1).nextBytes(info);
        hash = InfoHash.of(info);
        pieces = new MetadataPieces<>(hash, 8 << 20, 5);
    }

    private MetadataMessage.Data piece(int i) {
        int from = i * MetadataMessage.PIECE_SIZE;
        return new MetadataMessage.Data(i, SIZE, Arrays.copyOfRange(info, from, Math.min(SIZE, from + MetadataMessage.PIECE_SIZE)));
    }

    private static MetadataMessage.Data corrupted(MetadataMessage.Data d) {
        byte[] b = d.data();
        b[0] ^= 1;
        return new MetadataMessage.Data(d.piece(), d.totalSize(), b);
    }

    @Test
    void sizesThatAreNotSizesOrTooLargeAreRefused() {
        assertThat(pieces.refusal(OptionalLong.of(SIZE))).isNull();
        assertThat(pieces.refusal(OptionalLong.empty())).contains("no metadata_size");
        assertThat(pieces.refusal(OptionalLong.of(1L << 31))).contains("2147483648 is not a size");
        assertThat(pieces.refusal(OptionalLong.of(-5))).contains("-5 is not a size");
        assertThat(pieces.refusal(OptionalLong.of(0))).contains("not a size");
        assertThat(pieces.refusal(OptionalLong.of((8 << 20) + 1))).contains("over the limit of 8388608");
    }

    @Test
    void piecesFromTwoPeersMakeTheWholeWhenItHashesRight() {
        assertThat(pieces.join("a", SIZE)).isTrue();
        assertThat(pieces.join("b", SIZE)).isTrue();
        assertThat(pieces.pieceCount()).isEqualTo(3);
        assertThat(pieces.next("a", 0)).hasValue(0);
        assertThat(pieces.next("b", 0)).hasValue(1);
        assertThat(pieces.next("a", 0)).hasValue(2);
        assertThat(pieces.next("b", 0)).isEmpty(); // all asked, none overdue
        assertThat(pieces.outstanding("a")).isEqualTo(2);
        assertThat(pieces.received("a", piece(2))).isInstanceOf(MetadataPieces.Stored.class);
        assertThat(pieces.received("b", piece(1))).isInstanceOf(MetadataPieces.Stored.class);
        MetadataPieces.Outcome<String> last = pieces.received("a", piece(0));
        assertThat(last).isInstanceOf(MetadataPieces.Complete.class);
        assertThat(((MetadataPieces.Complete<String>) last).info()).isEqualTo(info);
    }

    @Test
    void unaskedWrongLengthOrWrongTotalSizeIsRefused() {
        pieces.join("a", SIZE);
        assertThat(pieces.received("a", piece(0))).isInstanceOf(MetadataPieces.Refused.class); // not asked
        pieces.next("a", 0);
        assertThat(pieces.received("a", new MetadataMessage.Data(0, SIZE, new byte[100])))
                .isEqualTo(new MetadataPieces.Refused<String>("sent 100 bytes for metadata piece 0, which has 16384"));
        assertThat(pieces.received("a", new MetadataMessage.Data(0, SIZE + 1, piece(0).data())))
                .isEqualTo(new MetadataPieces.Refused<String>("sent total_size " + (SIZE + 1) + " after a handshake saying " + SIZE));
    }

    @Test
    void aPeerThatSentItAllWrongIsBlamedAndThePiecesAreDiscarded() {
        pieces.join("liar", SIZE);
        for (int i = 0; i < 3; i++) pieces.next("liar", 0);
        pieces.received("liar", corrupted(piece(0)));
        pieces.received("liar", piece(1));
        assertThat(pieces.received("liar", piece(2))).isEqualTo(new MetadataPieces.Corrupt<>(java.util.List.of("liar")));
        assertThat(pieces.piecesHere()).isZero();
        pieces.left("liar");
        pieces.join("honest", SIZE);
        for (int i = 0; i < 3; i++) assertThat(pieces.next("honest", 0)).hasValue(i);
        pieces.received("honest", piece(0));
        pieces.received("honest", piece(1));
        assertThat(pieces.received("honest", piece(2))).isInstanceOf(MetadataPieces.Complete.class);
    }

    @Test
    void aBadMixBlamesNobodyAndTheNextAttemptTakesEveryPieceFromOnePeer() {
        pieces.join("a", SIZE);
        pieces.join("b", SIZE);
        pieces.next("a", 0);
        pieces.next("b", 0);
        pieces.next("a", 0);
        pieces.received("a", piece(0));
        pieces.received("b", corrupted(piece(1)));
        assertThat(pieces.received("a", piece(2))).isEqualTo(new MetadataPieces.Corrupt<String>(java.util.List.of()));
        assertThat(pieces.next("b", 0)).hasValue(0); // b is now the one source
        assertThat(pieces.next("a", 0)).isEmpty();
        assertThat(pieces.next("b", 0)).hasValue(1);
        pieces.received("b", piece(0));
        pieces.received("b", corrupted(piece(1)));
        pieces.next("b", 0);
        assertThat(pieces.received("b", piece(2))).isEqualTo(new MetadataPieces.Corrupt<>(java.util.List.of("b")));
    }

    @Test
    void rejectsFreeThePieceForOthersAndAFloodIsBounded() {
        pieces.join("a", SIZE);
        pieces.join("b", SIZE);
        assertThat(pieces.next("a", 0)).hasValue(0);
        assertThat(pieces.rejected("a", 0)).isFalse();
        assertThat(pieces.next("b", 0)).hasValue(0);
        assertThat(pieces.next("a", 0)).hasValue(1); // not 0 again: it said no
        for (int i = 0; i < 4; i++) assertThat(pieces.rejected("a", 99)).isFalse();
        assertThat(pieces.rejected("a", 99)).isTrue(); // the sixth reject is over the limit of five
    }

    @Test
    void aPeerThatRejectedEverythingMissingIsUseless() {
        pieces.join("a", SIZE);
        for (int i = 0; i < 3; i++) {
            assertThat(pieces.next("a", 0)).hasValue(i);
            assertThat(pieces.useless("a")).isFalse();
            pieces.rejected("a", i);
        }
        assertThat(pieces.useless("a")).isTrue();
    }

    @Test
    void anUnansweredRequestIsAskedOfSomeoneElseAfterAWhile() {
        pieces.join("slow", SIZE);
        pieces.join("b", SIZE);
        pieces.next("slow", 0);
        pieces.next("slow", 0);
        pieces.next("slow", 0);
        assertThat(pieces.next("b", MetadataPieces.REASK_NANOS - 1)).isEmpty();
        assertThat(pieces.next("b", MetadataPieces.REASK_NANOS)).hasValue(0);
        assertThat(pieces.received("slow", piece(0))).isInstanceOf(MetadataPieces.Stored.class); // a late answer still counts
        assertThat(pieces.received("b", piece(0))).isInstanceOf(MetadataPieces.Stored.class);
    }

    @Test
    void aPeerTellingAnotherSizeWaitsUntilTheFirstSizeHasNoPeers() {
        assertThat(pieces.join("a", SIZE + 1)).isTrue();
        assertThat(pieces.join("b", SIZE)).isFalse();
        pieces.restart(SIZE);
        assertThat(pieces.size()).isEqualTo(SIZE);
        assertThat(pieces.next("b", 0)).isEqualTo(OptionalInt.of(0));
    }
}
