package connectivity.torrent.magnet;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.meta.Metainfo;
import connectivity.torrent.meta.TorrentCreator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .torrent a magnet download leaves beside its data, and how a rerun finds it. */
class MetadataFilesTest {
    @TempDir
    Path tmp;

    private Metainfo torrent(String name, int size) throws Exception {
        Path f = Files.write(tmp.resolve(name), new byte[size]);
        return Metainfo.parse(TorrentCreator.of(f).build());
    }

    @Test
    void theInfoIsKeptByteForByteAndTheLinksTrackersBecomeTiers() throws Exception {
        Metainfo m = torrent("a.bin", 50_000);
        Metainfo back = Metainfo.parse(MetadataFiles.torrentBytes(m.info().rawBytes(), List.of("http://t/1", "udp://t:2")));
        assertThat(back.infoHash()).isEqualTo(m.infoHash());
        assertThat(back.announce()).hasValue("http://t/1");
        assertThat(back.trackerTiers()).containsExactly(List.of("http://t/1"), List.of("udp://t:2"));
        assertThat(Metainfo.parse(MetadataFiles.torrentBytes(m.info().rawBytes(), List.of())).trackers()).isEmpty();
    }

    @Test
    void savedAsNameDotTorrentOrBesideItWhenTheNameIsTakenAndFoundAgain() throws Exception {
        Metainfo m = torrent("song.flac", 30_000);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("song.flac.torrent"), "not ours");
        Files.writeString(out.resolve("garbage.torrent"), "d4:infoi3ee");
        assertThat(MetadataFiles.findExisting(out, m.infoHash())).isEmpty();

        byte[] bytes = MetadataFiles.torrentBytes(m.info().rawBytes(), List.of());
        Path saved = MetadataFiles.save(out, m, bytes).orElseThrow();

        assertThat(saved.getFileName().toString()).isEqualTo("song.flac-" + m.infoHash().hex().substring(0, 8) + ".torrent");
        assertThat(Files.readString(out.resolve("song.flac.torrent"))).isEqualTo("not ours");
        assertThat(MetadataFiles.findExisting(out, m.infoHash()).orElseThrow().infoHash()).isEqualTo(m.infoHash());
        assertThat(MetadataFiles.save(out, m, bytes)).isEmpty(); // both names taken: nothing is overwritten
        assertThat(MetadataFiles.findExisting(tmp.resolve("absent"), m.infoHash())).isEmpty();
    }
}
