package connectivity.torrent.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class BencodePropertiesTest {
    @Property(tries = 500)
    void decodeOfEncodeIsIdentity(@ForAll("values") BValue value) throws Exception {
        byte[] encoded = Bencode.encode(value);
        BValue decoded = Bencode.decode(encoded);
        assertThat(decoded).isEqualTo(value);
        assertThat(Bencode.encode(decoded)).isEqualTo(encoded);
    }

    @Property(tries = 500)
    void rawSpansReproduceTheEncodingOfEachValue(@ForAll("dicts") BDict dict) throws Exception {
        BDict decoded = (BDict) Bencode.decode(Bencode.encode(dict));
        assertThat(decoded.origin()).isNotNull();
        decoded.entries().forEach((k, v) -> assertThat(decoded.origin().spans().get(k).copyFrom(decoded.origin().source()))
                .isEqualTo(Bencode.encode(v)));
    }

    @Property(tries = 2000)
    void arbitraryBytesOnlyEverGiveBencodeException(@ForAll("noise") byte[] input) {
        try {
            BValue v = Bencode.decode(input);
            // Whatever decodes must be canonical: encoding gives back the very same bytes.
            assertThat(Bencode.encode(v)).isEqualTo(input);
        } catch (BencodeException e) {
            assertThat(e.offset()).isBetween(0L, (long) input.length);
        }
    }

    @Property(tries = 2000)
    void mutatedValidInputOnlyEverGivesBencodeException(@ForAll("values") BValue value, @ForAll int position, @ForAll byte replacement) {
        byte[] input = Bencode.encode(value);
        input[Math.floorMod(position, input.length)] = replacement;
        try {
            assertThat(Bencode.encode(Bencode.decode(input))).isEqualTo(input);
        } catch (BencodeException e) {
            assertThat(e.getMessage()).contains("at byte");
        }
    }

    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<Byte> tokens = Arbitraries.of((byte) 'i', (byte) 'l', (byte) 'd', (byte) 'e', (byte) ':', (byte) '-',
                (byte) '0', (byte) '1', (byte) '2', (byte) '9', (byte) 'a', (byte) 0xff);
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                tokens.array(byte[].class).ofMaxSize(64));
    }

    @Provide
    Arbitrary<BValue> values() {
        return value(4);
    }

    @Provide
    Arbitrary<BDict> dicts() {
        return Arbitraries.maps(keys(), value(2)).ofMaxSize(6).map(BDict::new);
    }

    private static Arbitrary<BBytes> keys() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(6).map(BBytes::of);
    }

    private static Arbitrary<BValue> value(int depth) {
        Arbitrary<BValue> leaf = Arbitraries.oneOf(
                Arbitraries.longs().map(BInt::of),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(24).map(BBytes::of));
        if (depth == 0) return leaf;
        Arbitrary<BValue> list = Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(4).map(BList::new);
        Arbitrary<BValue> dict = Arbitraries.maps(keys(), Arbitraries.lazy(() -> value(depth - 1))).ofMaxSize(4).map(BDict::new);
        return Arbitraries.frequencyOf(Tuple.of(4, leaf), Tuple.of(1, list), Tuple.of(1, dict));
    }
}
