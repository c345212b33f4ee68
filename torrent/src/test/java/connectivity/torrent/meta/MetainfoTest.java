package connectivity.torrent.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.BValue;
import connectivity.torrent.bencode.Bencode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetainfoTest {
    static final int PL = 16384;

    static byte[] hashes(int n) {
        byte[] b = new byte[n * 20];
        for (int i = 0; i < b.length; i++) b[i] = (byte) i;
        return b;
    }

    static BDict.Builder singleInfo(long length) {
        return BDict.builder().put("name", "movie.mkv").put("piece length", PL).put("length", length)
                .put("pieces", hashes((int) ((length + PL - 1) / PL)));
    }

    static BList path(String... parts) {
        return new BList(Arrays.stream(parts).<BValue>map(BBytes::of).toList());
    }

    @Test
    void readsASingleFileTorrent() throws Exception {
        byte[] file = Bencode.encode(BDict.builder()
                .put("announce", "http://tracker.example/announce")
                .put("comment", "hello")
                .put("created by", "test")
                .put("creation date", 1_700_000_000)
                .put("info", singleInfo(3 * PL + 5).put("private", 1).build())
                .build());
        Metainfo m = Metainfo.parse(file);
        Info info = m.info();
        assertThat(info.name()).isEqualTo("movie.mkv");
        assertThat(info.multiFile()).isFalse();
        assertThat(info.isPrivate()).isTrue();
        assertThat(info.totalLength()).isEqualTo(3 * PL + 5);
        assertThat(info.pieceCount()).isEqualTo(4);
        assertThat(info.pieceSize(0)).isEqualTo(PL);
        assertThat(info.pieceSize(3)).isEqualTo(5);
        assertThat(info.pieceOffset(3)).isEqualTo(3L * PL);
        assertThat(info.pieceHash(1)).isEqualTo(Arrays.copyOfRange(hashes(4), 20, 40));
        assertThat(info.files()).containsExactly(new FileEntry(List.of("movie.mkv"), 3 * PL + 5, 0));
        assertThat(m.trackerTiers()).containsExactly(List.of("http://tracker.example/announce"));
        assertThat(m.announce()).contains("http://tracker.example/announce");
        assertThat(m.comment()).contains("hello");
        assertThat(m.createdBy()).contains("test");
        assertThat(m.creationDate()).hasValue(1_700_000_000);
        assertThatThrownBy(() -> info.pieceSize(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void readsAMultiFileTorrentWithOffsets() throws Exception {
        BList files = BList.of(
                BDict.builder().put("length", 10).put("path", path("a.txt")).build(),
                BDict.builder().put("length", 0).put("path", path("empty")).build(),
                BDict.builder().put("length", PL).put("path", path("sub", "b.bin")).build());
        BDict info = BDict.builder().put("name", "dir").put("piece length", PL).put("pieces", hashes(2)).put("files", files).build();
        Metainfo m = Metainfo.parse(Bencode.encode(BDict.builder().put("info", info).build()));
        assertThat(m.info().multiFile()).isTrue();
        assertThat(m.info().files()).containsExactly(
                new FileEntry(List.of("a.txt"), 10, 0),
                new FileEntry(List.of("empty"), 0, 10),
                new FileEntry(List.of("sub", "b.bin"), PL, 10));
        assertThat(m.info().totalLength()).isEqualTo(PL + 10);
        assertThat(m.info().pieceSize(1)).isEqualTo(10);
        assertThat(m.trackerTiers()).isEmpty();
        assertThat(m.announce()).isEmpty();
    }

    @Test
    void infoHashIsOverTheExactBytesEvenWithUnknownKeys() throws Exception {
        // An unknown key and a key order we would also produce: the hash must be over these bytes as they are.
        String rawInfo = "d6:lengthi100e4:name1:x12:piece lengthi16384e6:pieces20:" + "A".repeat(20) + "5:zzzzzi-7ee";
        byte[] file = ("d4:info" + rawInfo + "e").getBytes(StandardCharsets.ISO_8859_1);
        Metainfo m = Metainfo.parse(file);
        byte[] expected = MessageDigest.getInstance("SHA-1").digest(rawInfo.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(m.infoHash().bytes()).isEqualTo(expected);
        assertThat(m.info().rawBytes()).isEqualTo(rawInfo.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void announceListWinsAndEmptyTiersAreDropped() throws Exception {
        BList tiers = BList.of(BList.of(BBytes.of("http://a/1"), BBytes.of("http://a/2")), BList.of(), BList.of(BBytes.of("udp://b/3")));
        byte[] file = Bencode.encode(BDict.builder().put("announce", "http://a/1").put("announce-list", tiers)
                .put("info", singleInfo(1).build()).build());
        Metainfo m = Metainfo.parse(file);
        assertThat(m.trackerTiers()).containsExactly(List.of("http://a/1", "http://a/2"), List.of("udp://b/3"));
        assertThat(m.trackers()).containsExactly("http://a/1", "http://a/2", "udp://b/3");
    }

    @Test
    void hybridV2TorrentsReadAsV1() throws Exception {
        BDict info = singleInfo(PL).put("meta version", 2)
                .put("file tree", BDict.builder().put("movie.mkv", BDict.builder().put("", BDict.builder().put("length", PL).build()).build()).build())
                .build();
        Metainfo m = Metainfo.parse(Bencode.encode(BDict.builder().put("info", info).build()));
        assertThat(m.info().pieceCount()).isEqualTo(1);
        assertThat(m.infoHash()).isEqualTo(InfoHash.of(Bencode.encode(info)));
    }

    @Test
    void v2OnlyTorrentsAreRefusedClearly() {
        BDict info = BDict.builder().put("name", "x").put("piece length", PL).put("meta version", 2)
                .put("file tree", BDict.builder().build()).build();
        assertThatThrownBy(() -> Metainfo.parse(Bencode.encode(BDict.builder().put("info", info).build())))
                .isInstanceOf(MetainfoException.class)
                .hasMessage("BitTorrent v2-only torrents are not supported");
    }

    @Test
    void wrongTypesOfDescriptiveFieldsAreIgnored() throws Exception {
        byte[] file = Bencode.encode(BDict.builder().put("comment", 5).put("creation date", "yesterday")
                .put("info", singleInfo(1).build()).build());
        Metainfo m = Metainfo.parse(file);
        assertThat(m.comment()).isEmpty();
        assertThat(m.creationDate()).isEmpty();
    }

    @Test
    void infoHashFormats() {
        byte[] bytes = new byte[20];
        bytes[0] = (byte) 0xab;
        bytes[1] = 'z';
        bytes[2] = ' ';
        InfoHash h = new InfoHash(bytes);
        assertThat(h.hex()).isEqualTo("ab7a20" + "00".repeat(17));
        assertThat(h.urlEncoded()).startsWith("%ABz%20%00");
        assertThat(InfoHash.fromHex(h.hex().toUpperCase())).isEqualTo(h);
        assertThat(h.hashCode()).isEqualTo(new InfoHash(bytes.clone()).hashCode());
        assertThatThrownBy(() -> new InfoHash(new byte[19])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pieceHashesMatch() {
        PieceHashes p = new PieceHashes(hashes(3));
        assertThat(p.count()).isEqualTo(3);
        assertThat(p.matches(2, Arrays.copyOfRange(hashes(3), 40, 60))).isTrue();
        assertThat(p.matches(1, Arrays.copyOfRange(hashes(3), 40, 60))).isFalse();
    }

    /** A device reports size 0 and never ends; reading stops at the limit instead of filling the heap. */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void anEndlessFileIsRefusedAtTheSizeLimit() {
        java.nio.file.Path zero = java.nio.file.Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(zero), "no /dev/zero");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Metainfo.read(zero))
                .isInstanceOf(MetainfoException.class).hasMessageContaining("too large");
    }
}
