package connectivity.torrent.magnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.meta.InfoHash;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MagnetLinkTest {
    private static final String HEX = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
    private static final InfoHash HASH = InfoHash.fromHex(HEX);

    @Test
    void readsHexBase32NameTrackersAndPeerHints() throws MagnetException {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:btih:" + HEX.toUpperCase() + "&dn=Big+Buck%20Bunny%C3%A9"
                + "&tr=udp%3A%2F%2F127.0.0.1%3A6969&tr=http://127.0.0.1:8000/announce&tr.1=http%3A%2F%2Fexample.invalid%2Fa"
                + "&x.pe=127.0.0.1:6881&x.pe=%5B%3A%3A1%5D:51413&x.pe=[fe80::1]:7000&x.pe=localhost:9&ws=http://ignored");
        assertThat(m.infoHash()).isEqualTo(HASH);
        assertThat(m.displayName()).hasValue("Big Buck Bunnyé");
        assertThat(m.trackers()).containsExactly("udp://127.0.0.1:6969", "http://127.0.0.1:8000/announce", "http://example.invalid/a");
        assertThat(m.peers()).containsExactly(new PeerHint("127.0.0.1", 6881), new PeerHint("::1", 51413),
                new PeerHint("fe80::1", 7000), new PeerHint("localhost", 9));
        assertThat(MagnetLink.parse("magnet:?xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK").infoHash()).isEqualTo(HASH);
        assertThat(MagnetLink.parse("MAGNET:?XT=URN:BTIH:yex6dqdlxisuvhoj6um3gnnkpqjwpkek").infoHash()).isEqualTo(HASH);
    }

    @Test
    void writesALinkThatReadsBackTheSame() throws MagnetException {
        MagnetLink m = new MagnetLink(HASH, Optional.of("a b&c=d+é"), List.of("http://127.0.0.1:1/announce?x=1&y=2", "udp://[::1]:6969"),
                List.of(new PeerHint("::1", 5), new PeerHint("127.0.0.1", 6881)));
        String uri = m.toUri();
        assertThat(uri).startsWith("magnet:?xt=urn:btih:" + HEX + "&dn=a%20b%26c%3Dd%2B%C3%A9&tr=http%3A%2F%2F127.0.0.1%3A1");
        assertThat(MagnetLink.parse(uri)).isEqualTo(m);
    }

    @Test
    void aSecondMatchingInfoHashAndDuplicateTrackersAreHarmless() throws MagnetException {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:btih:" + HEX + "&xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK"
                + "&xt=urn:btmh:1220abcd&tr=http://t/a&tr=http://t/a&x.pe=127.0.0.1:1&x.pe=127.0.0.1:1&&=x&novalue");
        assertThat(m.trackers()).containsExactly("http://t/a");
        assertThat(m.peers()).hasSize(1);
        assertThat(m.displayName()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://example.com/x.torrent | not a magnet link",
        "magnet:?dn=nothing | no info-hash",
        "magnet:?xt=urn:btmh:1220aaaa | v2-only",
        "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88 | 39 characters",
        "magnet:?xt=urn:btih:g12fe1c06bba254a9dc9f519b335aa7c1367a88a | not hex",
        "magnet:?xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKE1 | not base32",
        "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&xt=urn:btih:0000000000000000000000000000000000000000 | two different",
        "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=127.0.0.1 | not host:port",
        "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=127.0.0.1:0 | bad port",
        "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=127.0.0.1:65536 | bad port",
        "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=::1:80 | IPv6 address goes in brackets",
        "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=[::1]80 | [IPv6]:port",
        "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=[example.com]:80 | no IPv6 address",
        "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%zz | bad percent escape",
        "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%C3 | not UTF-8",
    })
    void badLinksAreRefusedWithOneLine(String link, String why) {
        assertThatThrownBy(() -> MagnetLink.parse(link)).isInstanceOf(MagnetException.class).hasMessageContaining(why)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void sizesAreBounded() {
        String base = "magnet:?xt=urn:btih:" + HEX;
        assertThatThrownBy(() -> MagnetLink.parse(base + "&dn=" + "a".repeat(MagnetLink.MAX_LENGTH)))
                .isInstanceOf(MagnetException.class).hasMessageContaining("over the limit");
        StringBuilder many = new StringBuilder(base);
        for (int i = 0; i <= MagnetLink.MAX_TRACKERS; i++) many.append("&tr=http://t/").append(i);
        assertThatThrownBy(() -> MagnetLink.parse(many.toString())).isInstanceOf(MagnetException.class).hasMessageContaining("trackers");
        StringBuilder peers = new StringBuilder(base);
        for (int i = 1; i <= MagnetLink.MAX_PEERS + 1; i++) peers.append("&x.pe=127.0.0.1:").append(i);
        assertThatThrownBy(() -> MagnetLink.parse(peers.toString())).isInstanceOf(MagnetException.class).hasMessageContaining("peers");
    }
}
