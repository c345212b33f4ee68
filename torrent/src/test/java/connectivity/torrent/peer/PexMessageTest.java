package connectivity.torrent.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import connectivity.torrent.bencode.BBytes;
import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.Bencode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PexMessageTest {
    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    @Test
    void roundTripsIpv4AndIpv6WithFlags() throws Exception {
        PexMessage m = new PexMessage(
                List.of(new PexMessage.Peer(at("10.1.2.3", 6881), PexMessage.SEED | PexMessage.CONNECTABLE),
                        new PexMessage.Peer(at("2001:db8::1", 51413), PexMessage.UTP),
                        new PexMessage.Peer(at("192.0.2.9", 65535), 0)),
                List.of(at("198.51.100.7", 1), at("2001:db8::2", 80)));
        PexMessage back = PexMessage.decode(m.encode(), 50);
        assertThat(back.added()).containsExactly(m.added().get(0), m.added().get(2), m.added().get(1)); // IPv4 first
        assertThat(back.dropped()).containsExactly(m.dropped().get(0), m.dropped().get(1));
    }

    @Test
    void encodesCompactPeersWithAFlagsByteEach() throws Exception {
        byte[] wire = new PexMessage(List.of(new PexMessage.Peer(at("1.2.3.4", 0x1A2B), PexMessage.SEED)), List.of()).encode();
        BDict d = Bencode.decodeDict(wire);
        assertThat(((BBytes) d.get("added").orElseThrow()).bytes()).containsExactly(1, 2, 3, 4, 0x1A, 0x2B);
        assertThat(((BBytes) d.get("added.f").orElseThrow()).bytes()).containsExactly(2);
        // Empty lists are there too: libtorrent reads "added" only next to an "added.f" of the right length.
        assertThat(d.containsKey("added6") && d.containsKey("added6.f") && d.containsKey("dropped") && d.containsKey("dropped6")).isTrue();
    }

    @Test
    void takesAtMostTheCapOfEachListIpv4First() throws Exception {
        List<PexMessage.Peer> added = new ArrayList<>();
        List<InetSocketAddress> dropped = new ArrayList<>();
        for (int i = 0; i < 300; i++) added.add(new PexMessage.Peer(at("10.0." + (i / 250) + "." + (i % 250 + 1), 1000 + i), 0));
        for (int i = 0; i < 40; i++) added.add(new PexMessage.Peer(at("2001:db8::" + Integer.toHexString(i + 1), 2000), 0));
        for (int i = 0; i < 120; i++) dropped.add(at("10.9.0." + (i + 1), 3000));
        PexMessage back = PexMessage.decode(new PexMessage(added, dropped).encode(), 50);
        assertThat(back.added()).hasSize(50).allMatch(p -> p.address().getAddress().getAddress().length == 4);
        assertThat(back.dropped()).hasSize(50);

        PexMessage mixed = PexMessage.decode(new PexMessage(added.subList(260, 340), List.of()).encode(), 50);
        assertThat(mixed.added()).hasSize(50).filteredOn(p -> p.address().getAddress().getAddress().length == 16).hasSize(10);
    }

    @Test
    void toleratesOddFieldsButNotANonDictionary() throws Exception {
        byte[] sevenBytes = {10, 0, 0, 1, 0x1A, (byte) 0xE1, 99}; // one peer and a stray byte
        byte[] wire = Bencode.encode(BDict.builder().put("added", sevenBytes).put("dropped", 42).put("added6", new byte[17]).build());
        PexMessage m = PexMessage.decode(wire, 50);
        assertThat(m.added()).containsExactly(new PexMessage.Peer(at("10.0.0.1", 6881), 0)); // no flags: 0
        assertThat(m.dropped()).isEmpty();
        assertThat(PexMessage.decode("de".getBytes(), 50).isEmpty()).isTrue();

        assertThatThrownBy(() -> PexMessage.decode("li1ee".getBytes(), 50)).isInstanceOf(PeerProtocolException.class);
        assertThatThrownBy(() -> PexMessage.decode("d5:added".getBytes(), 50)).isInstanceOf(PeerProtocolException.class);
        assertThatThrownBy(() -> PexMessage.decode(new byte[0], 50)).isInstanceOf(PeerProtocolException.class);
    }

    @Property(tries = 300)
    void anyBytesDecodeOrFailAsAProtocolError(@ForAll byte[] payload) {
        try {
            PexMessage m = PexMessage.decode(payload, 50);
            assertThat(m.added().size()).isLessThanOrEqualTo(50);
            assertThat(m.dropped().size()).isLessThanOrEqualTo(50);
        } catch (PeerProtocolException expected) {
            // garbage: the peer is dropped
        }
    }

    @Property(tries = 300)
    void anyFieldBytesDecodeWithinTheCap(@ForAll byte[] added, @ForAll byte[] flags, @ForAll byte[] added6, @ForAll byte[] dropped)
            throws PeerProtocolException {
        byte[] wire = Bencode.encode(BDict.builder().put("added", added).put("added.f", flags).put("added6", added6)
                .put("dropped", dropped).build());
        PexMessage m = PexMessage.decode(wire, 50);
        assertThat(m.added()).hasSize(Math.min(50, added.length / 6 + added6.length / 18));
        assertThat(m.dropped()).hasSize(Math.min(50, dropped.length / 6));
    }
}
