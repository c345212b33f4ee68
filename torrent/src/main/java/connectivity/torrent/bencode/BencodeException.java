package connectivity.torrent.bencode;

/** Input that is not strict, canonical bencode: says where (byte offset) and what was expected. */
public final class BencodeException extends Exception {
    private final long offset;

    public BencodeException(long offset, String problem) {
        super(problem + " at byte " + offset);
        this.offset = offset;
    }

    /** The byte offset in the input where the problem was found. */
    public long offset() {
        return offset;
    }
}
