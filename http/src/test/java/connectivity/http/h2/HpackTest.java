package connectivity.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 7541 Appendix C examples, plus the limits. */
class HpackTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    static List<HeaderField> fields(String... nv) {
        List<HeaderField> l = new ArrayList<>();
        for (int i = 0; i < nv.length; i += 2) l.add(new HeaderField(nv[i], nv[i + 1]));
        return l;
    }

    @Test
    void huffmanTableIsACompletePrefixCodeWithTheRfcCodes() {
        double kraft = 0;
        for (int s = 0; s <= 256; s++) kraft += Math.pow(2, -Huffman.length(s));
        assertThat(kraft).isEqualTo(1.0);
        assertThat(Huffman.code(0)).isEqualTo(0x1ff8);
        assertThat(Huffman.code(' ')).isEqualTo(0x14);
        assertThat(Huffman.code('a')).isEqualTo(0x3);
        assertThat(Huffman.code('~')).isEqualTo(0x1ffd);
        assertThat(Huffman.code(127)).isEqualTo(0xffffffc);
        assertThat(Huffman.code(203)).isEqualTo(0x7ffffde);
        assertThat(Huffman.code(255)).isEqualTo(0x3ffffee);
        assertThat(Huffman.code(256)).isEqualTo(0x3fffffff);
    }

    @Test
    void huffmanRoundTripsEveryOctet() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] data = new byte[random.nextInt(64)];
            random.nextBytes(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Huffman.encode(data, out);
            assertThat(out.size()).isEqualTo(Huffman.encodedLength(data));
            assertThat(Huffman.decode(out.toByteArray(), 0, out.size(), 1000)).isEqualTo(data);
        }
    }

    @Test
    void huffmanRefusesBadPaddingAndEos() {
        // 'a' is 00011; padding of zeros is not the EOS prefix
        assertThatThrownBy(() -> Huffman.decode(new byte[] {0x18}, 0, 1, 10)).isInstanceOf(HpackException.class);
        // a whole byte of ones after a symbol is padding longer than 7 bits
        assertThatThrownBy(() -> Huffman.decode(new byte[] {0x1f, (byte) 0xff}, 0, 2, 10)).isInstanceOf(HpackException.class);
        // EOS itself (30 ones)
        assertThatThrownBy(() -> Huffman.decode(hex("ffffffff"), 0, 4, 10)).isInstanceOf(HpackException.class);
    }

    @Test
    void integersOfC1() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HpackEncoder.integer(out, 0, 5, 10);
        HpackEncoder.integer(out, 0, 5, 1337);
        HpackEncoder.integer(out, 0, 8, 42);
        assertThat(out.toByteArray()).isEqualTo(hex("0a 1f9a0a 2a"));
    }

    @Test
    void literalsOfC2() throws Exception {
        HpackDecoder d = new HpackDecoder(4096, 1 << 16);
        assertThat(d.decode(hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572")))
                .containsExactly(new HeaderField("custom-key", "custom-header"));
        assertThat(d.tableSize()).isEqualTo(55);
        d = new HpackDecoder(4096, 1 << 16);
        assertThat(d.decode(hex("040c 2f73 616d 706c 652f 7061 7468"))).containsExactly(new HeaderField(":path", "/sample/path"));
        assertThat(d.decode(hex("1008 7061 7373 776f 7264 0673 6563 7265 74"))).containsExactly(new HeaderField("password", "secret"));
        assertThat(d.decode(hex("82"))).containsExactly(new HeaderField(":method", "GET"));
        assertThat(d.tableSize()).isZero();
    }

    static final String[] C3 = {
        "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
        "8286 84be 5808 6e6f 2d63 6163 6865",
        "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"};
    static final String[] C4 = {
        "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
        "8286 84be 5886 a8eb 1064 9cbf",
        "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"};
    static final List<List<HeaderField>> REQUESTS = List.of(
            fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com"),
            fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com", "cache-control", "no-cache"),
            fields(":method", "GET", ":scheme", "https", ":path", "/index.html", ":authority", "www.example.com", "custom-key", "custom-value"));
    static final int[] REQUEST_TABLE_SIZES = {57, 110, 164};

    static final String[] C5 = {
        "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768"
                + "7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
        "4803 3330 37c1 c0bf",
        "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153"
                + "444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31"};
    static final String[] C6 = {
        "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
        "4883 640e ffc1 c0bf",
        "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b"
                + "3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07"};
    static final List<List<HeaderField>> RESPONSES = List.of(
            fields(":status", "302", "cache-control", "private", "date", "Mon, 21 Oct 2013 20:13:21 GMT", "location", "https://www.example.com"),
            fields(":status", "307", "cache-control", "private", "date", "Mon, 21 Oct 2013 20:13:21 GMT", "location", "https://www.example.com"),
            fields(":status", "200", "cache-control", "private", "date", "Mon, 21 Oct 2013 20:13:22 GMT", "location", "https://www.example.com",
                    "content-encoding", "gzip", "set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"));
    static final int[] RESPONSE_TABLE_SIZES = {222, 222, 215};

    @Test
    void requestsOfC3AndC4Decode() throws Exception {
        for (String[] blocks : List.of(C3, C4)) {
            HpackDecoder d = new HpackDecoder(4096, 1 << 16);
            for (int i = 0; i < 3; i++) {
                assertThat(d.decode(hex(blocks[i]))).isEqualTo(REQUESTS.get(i));
                assertThat(d.tableSize()).isEqualTo(REQUEST_TABLE_SIZES[i]);
            }
        }
    }

    @Test
    void requestsOfC3AndC4EncodeToTheRfcBytes() {
        HpackEncoder plain = new HpackEncoder(4096).huffman(false);
        HpackEncoder huffman = new HpackEncoder(4096);
        for (int i = 0; i < 3; i++) {
            assertThat(plain.encode(REQUESTS.get(i))).isEqualTo(hex(C3[i]));
            assertThat(huffman.encode(REQUESTS.get(i))).isEqualTo(hex(C4[i]));
            assertThat(huffman.tableSize()).isEqualTo(REQUEST_TABLE_SIZES[i]);
        }
    }

    @Test
    void responsesOfC5AndC6DecodeWithEviction() throws Exception {
        for (String[] blocks : List.of(C5, C6)) {
            HpackDecoder d = new HpackDecoder(256, 1 << 16);
            for (int i = 0; i < 3; i++) {
                assertThat(d.decode(hex(blocks[i]))).isEqualTo(RESPONSES.get(i));
                assertThat(d.tableSize()).isEqualTo(RESPONSE_TABLE_SIZES[i]);
            }
            assertThat(d.table().get(62)).isEqualTo(RESPONSES.get(2).get(5)); // newest first
            assertThat(d.table().dynamicCount()).isEqualTo(3);
        }
    }

    @Test
    void responsesOfC5AndC6EncodeAndDecodeBackWithA256ByteTable() throws Exception {
        for (boolean h : new boolean[] {false, true}) {
            HpackEncoder e = new HpackEncoder(256).huffman(h);
            HpackDecoder d = new HpackDecoder(256, 1 << 16);
            for (int i = 0; i < 3; i++) {
                byte[] block = e.encode(RESPONSES.get(i));
                if (i < 2) assertThat(block).isEqualTo(hex((h ? C6 : C5)[i]));
                assertThat(d.decode(block)).isEqualTo(RESPONSES.get(i));
                assertThat(e.tableSize()).isEqualTo(RESPONSE_TABLE_SIZES[i]);
            }
        }
    }

    @Test
    void tableSizeUpdatesEvictAndAreCheckedAgainstTheSetting() throws Exception {
        HpackEncoder e = new HpackEncoder(4096);
        HpackDecoder d = new HpackDecoder(4096, 1 << 16);
        d.decode(e.encode(REQUESTS.get(2)));
        assertThat(d.tableSize()).isEqualTo(111);
        e.peerTableSize(0);
        e.peerTableSize(100);
        byte[] block = e.encode(fields("a", "b"));
        assertThat(block[0] & 0xff).isEqualTo(0x20); // size 0 first, then 100
        d.decode(block);
        assertThat(d.tableSize()).isEqualTo(34);
        assertThatThrownBy(() -> new HpackDecoder(256, 1000).decode(hex("3fe201"))) // a size update to 257
                .isInstanceOf(HpackException.class);
        assertThatThrownBy(() -> d.decode(hex("82 20"))).isInstanceOf(HpackException.class).hasMessageContaining("after a field");
    }

    @Test
    void malformedBlocksThrowHpackException() {
        HpackDecoder d = new HpackDecoder(4096, 1 << 16);
        for (String bad : List.of("80", "be", "ff ff ff ff ff 0f", "40 05 61", "0f", "41 85 ffffffff ff", "04", "40 01 61")) {
            assertThatThrownBy(() -> d.decode(hex(bad))).as(bad).isInstanceOf(HpackException.class);
        }
    }

    @Test
    void anHpackBombHitsTheListCapButKeepsTheTableInStep() throws Exception {
        HpackDecoder d = new HpackDecoder(4096, 16 * 1024);
        String big = "x".repeat(4000);
        byte[] first = new HpackEncoder(4096).huffman(false).encode(fields("bomb", big));
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(first, 0, first.length);
        for (int i = 0; i < 10_000; i++) block.write(0xbe); // index 62, 4 KiB each
        assertThatThrownBy(() -> d.decode(block.toByteArray()))
                .isInstanceOfSatisfying(HpackException.class, ex -> assertThat(ex.tooLarge()).isTrue());
        assertThat(d.decode(hex("be"))).containsExactly(new HeaderField("bomb", big));
    }

    @Test
    void binaryValuesSurvive() throws Exception {
        String value = new String(new byte[] {0, (byte) 0xff, 10, 13}, StandardCharsets.ISO_8859_1);
        HpackDecoder d = new HpackDecoder(4096, 1 << 16);
        assertThat(d.decode(new HpackEncoder(4096).encode(fields("k", value)))).containsExactly(new HeaderField("k", value));
    }
}
