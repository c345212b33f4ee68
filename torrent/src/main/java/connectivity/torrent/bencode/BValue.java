package connectivity.torrent.bencode;

/**
 * One bencoded value. Values compare by content; a decoded {@link BDict} also remembers the exact bytes
 * each of its values had in the input (see {@link BDict#rawValue(String)}).
 */
public sealed interface BValue permits BInt, BBytes, BList, BDict {
    /** The canonical encoding of this value. */
    default byte[] encode() {
        return Bencode.encode(this);
    }

    /** The kind with its article, for error messages: "an integer", "a byte string", "a list", "a dictionary". */
    String kind();
}
