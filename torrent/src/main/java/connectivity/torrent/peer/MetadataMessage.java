package connectivity.torrent.peer;

import java.util.Arrays;

/**
 * A BEP 9 {@code ut_metadata} message: the info dictionary moves in 16 KiB pieces. {@link MetadataCodec} reads and
 * writes them.
 */
public sealed interface MetadataMessage {
    /** Every piece but the last is this long. */
    int PIECE_SIZE = 16 * 1024;
    /** Its name in the BEP 10 handshake's {@code m} dictionary. */
    String EXTENSION_NAME = "ut_metadata";

    /** The piece of the info dictionary that holds byte {@code piece * PIECE_SIZE}. */
    int piece();

    record Request(int piece) implements MetadataMessage {}

    /** A piece; {@code totalSize} is the whole dictionary's size, which must agree with the handshake's {@code metadata_size}. */
    record Data(int piece, long totalSize, byte[] data) implements MetadataMessage {
        public Data {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        public int length() {
            return data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && d.piece == piece && d.totalSize == totalSize && Arrays.equals(d.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * piece + Long.hashCode(totalSize)) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Data[piece=" + piece + ", totalSize=" + totalSize + ", length=" + data.length + "]";
        }
    }

    /** The peer will not send that piece (it does not have the metadata, or limits what it serves). */
    record Reject(int piece) implements MetadataMessage {}

    /** A {@code msg_type} BEP 9 does not define: ignored, as it says. */
    record Unknown(int piece, long type) implements MetadataMessage {}
}
