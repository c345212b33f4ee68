package connectivity.torrent.bencode;

/** A bencoded integer. Values beyond a signed 64-bit range are refused by the decoder. */
public record BInt(long value) implements BValue {
    public static BInt of(long value) {
        return new BInt(value);
    }

    @Override
    public String kind() {
        return "an integer";
    }
}
