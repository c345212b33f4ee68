package connectivity.torrent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BList;
import connectivity.torrent.bencode.Bencode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** What a tracker or a peer writes as an address is taken only as a plain literal, never looked up. */
class IpLiteralTest {
    @Test
    void dottedQuadsAndIpv6LiteralsAreRead() throws Exception {
        assertThat(IpLiteral.parse("192.0.2.7")).contains(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 7}));
        assertThat(IpLiteral.parse("0.0.0.0")).isPresent();
        assertThat(IpLiteral.parse("2001:db8::1")).contains(InetAddress.getByName("2001:db8::1"));
        assertThat(IpLiteral.parse("::1")).contains(InetAddress.getByName("::1"));
        assertThat(IpLiteral.parse("::ffff:198.18.0.1")).contains(InetAddress.getByName("198.18.0.1"));
    }

    @Test
    void namesAndLooseFormsAreNotAddresses() {
        for (String s : new String[] {"localhost", "localhost:6881", "tracker-said-a-name.example", "ip6-localhost", "127.1",
                "2130706433", "010.0.0.1", "256.0.0.1", "1.2.3.4.5", "1.2.3.", "", ":", ":::", "fe80::1%lo", "[::1]", "::1]",
                "0x7f.0.0.1", "a:b:c:d:e:f:1:2:3", " 127.0.0.1", "127.0.0.1 "}) {
            assertThat(IpLiteral.parse(s)).as(s).isEmpty();
        }
    }

    @Test
    void aTrackerCannotHandUsANameOrALooseFormAsAPeer() throws Exception {
        byte[] body = Bencode.encode(BDict.builder().put("interval", 5).put("peers", BList.of(
                BDict.builder().put("ip", "198.18.0.9").put("port", 6881).build(),
                BDict.builder().put("ip", "localhost").put("port", 6881).build(),
                BDict.builder().put("ip", "localhost:80").put("port", 6881).build(),
                BDict.builder().put("ip", "127.1").put("port", 6881).build(),
                BDict.builder().put("ip", "2130706433").put("port", 6881).build(),
                BDict.builder().put("ip", "fe80::1%1").put("port", 6881).build(),
                BDict.builder().put("ip", "2001:db8::7").put("port", 6882).build())).build());
        AnnounceResponse r = TrackerClient.parseAnnounce("http://t/announce", body);
        assertThat(r.peers()).extracting(TrackerPeer::address)
                .containsExactly(new InetSocketAddress("198.18.0.9", 6881), new InetSocketAddress("2001:db8::7", 6882));
    }
}
