package connectivity.torrent.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.bencode.BencodeException;

/**
 * A .torrent file is parsed or refused with a MetainfoException. What is accepted is self-consistent:
 * the info dictionary's bytes are canonical bencode (they re-encode to themselves), the info-hash is
 * their SHA-1, files follow one another and the piece count covers the total length.
 */
class MetainfoFuzzTest {
    @FuzzTest
    void parsesOrRefuses(byte[] input) throws BencodeException, MetainfoException {
        Metainfo m;
        try {
            m = Metainfo.parse(input);
        } catch (MetainfoException e) {
            return;
        }
        byte[] raw = m.info().rawBytes();
        assertThat(Bencode.encode(Bencode.decode(raw))).isEqualTo(raw);
        assertThat(m.infoHash()).isEqualTo(InfoHash.of(raw));
        assertThat(Bencode.encode(Bencode.decode(input))).isEqualTo(input);

        Info info = m.info();
        long offset = 0;
        for (FileEntry f : info.files()) {
            assertThat(f.offset()).isEqualTo(offset);
            assertThat(f.length()).isNotNegative();
            assertThat(f.path()).isNotEmpty().allSatisfy(p -> assertThat(p).isNotEmpty().isNotIn(".", "..").doesNotContain("/"));
            offset += f.length();
        }
        assertThat(info.totalLength()).isEqualTo(offset);
        long pieceBytes = 0;
        for (int i = 0; i < info.pieceCount(); i++) {
            assertThat(info.pieceSize(i)).isBetween(1, (int) info.pieceLength());
            assertThat(info.pieceHash(i)).hasSize(20);
            pieceBytes += info.pieceSize(i);
        }
        assertThat(pieceBytes).isEqualTo(offset);
        assertThat(Metainfo.parse(input)).isEqualTo(m);
    }
}
