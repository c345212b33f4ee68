package connectivity.torrent.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BValue;
import connectivity.torrent.bencode.Bencode;
import org.junit.jupiter.api.Test;

/** Hybrid v1/v2 torrents (BEP 52): the v1 file list we use must agree with the v2 file tree. */
class HybridFilesTest {
    private static BDict file(long length) {
        return BDict.builder().put("", BDict.builder().put("length", length).put("pieces root", new byte[32]).build()).build();
    }

    private static BDict v1File(long length, String attr, String... path) {
        BDict.Builder b = BDict.builder().put("length", length).put("path", new BList(java.util.Arrays.stream(path).<BValue>map(BBytes::of).toList()));
        if (attr != null) b.put("attr", attr);
        return b.build();
    }

    private static byte[] torrent(BDict.Builder info) {
        return Bencode.encode(BDict.builder().put("info", info.put("meta version", 2).put("piece length", 16384).build()).build());
    }

    @Test
    void aSingleFileHybridWhoseTreeNamesAnotherFileIsRefused() {
        byte[] t = torrent(BDict.builder().put("name", "test1MB").put("length", 16384).put("pieces", new byte[20])
                .put("file tree", BDict.builder().put("/est1MB", file(16384)).build()));
        assertThatThrownBy(() -> Metainfo.parse(t)).isInstanceOf(MetainfoException.class)
                .hasMessage("hybrid torrent's v1 file list and v2 file tree disagree at file 0: test1MB (16384 bytes) vs /est1MB (16384 bytes)");
    }

    @Test
    void lengthsMustAgreeToo() {
        byte[] t = torrent(BDict.builder().put("name", "a").put("length", 16384).put("pieces", new byte[20])
                .put("file tree", BDict.builder().put("a", file(16383)).build()));
        assertThatThrownBy(() -> Metainfo.parse(t)).isInstanceOf(MetainfoException.class).hasMessageContaining("(16384 bytes) vs a (16383 bytes)");
    }

    @Test
    void aMultiFileHybridThatAgreesOncePadFilesAreLeftOutIsRead() throws MetainfoException {
        BList files = new BList(java.util.List.of(v1File(10000, null, "a.bin"), v1File(6384, "p", ".pad", "6384"),
                v1File(5000, "x", "dir", "b.bin")));
        BDict tree = BDict.builder().put("a.bin", file(10000)).put("dir", BDict.builder().put("b.bin", file(5000)).build()).build();
        byte[] t = torrent(BDict.builder().put("name", "set").put("files", files).put("pieces", new byte[40]).put("file tree", tree));
        assertThat(Metainfo.parse(t).info().files()).hasSize(3);
    }

    @Test
    void aMultiFileHybridWithAFileMissingFromTheTreeIsRefused() {
        BList files = new BList(java.util.List.of(v1File(10000, null, "a.bin"), v1File(5000, null, "b.bin")));
        BDict tree = BDict.builder().put("a.bin", file(10000)).build();
        byte[] t = torrent(BDict.builder().put("name", "set").put("files", files).put("pieces", new byte[20]).put("file tree", tree));
        assertThatThrownBy(() -> Metainfo.parse(t)).isInstanceOf(MetainfoException.class)
                .hasMessage("hybrid torrent's v1 file list (2 files) and v2 file tree (1) disagree");
    }
}
