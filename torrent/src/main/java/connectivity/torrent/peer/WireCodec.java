package connectivity.torrent.peer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads and writes length-prefixed peer messages. It enforces the size limits that keep a hostile peer
 * from making us allocate: nothing over a full block message, except a bitfield of exactly the torrent's size.
 */
public final class WireCodec {
    /** The largest block anyone may request or send. */
    public static final int MAX_BLOCK = 16 * 1024;
    /** Length prefix of a piece message carrying a full block: id + index + begin + data. */
    public static final int MAX_MESSAGE = MAX_BLOCK + 9;
    /**
     * Extended messages may be a little longer: a BEP 9 metadata piece is 16 KiB of data after its bencoded header.
     * The slack is what a header with a few unknown keys needs, not more.
     */
    public static final int MAX_EXTENDED = MAX_BLOCK + 1024;
    /** Before the metadata is known a bitfield cannot be checked; up to this many bytes (8M pieces) it is skipped. */
    static final int MAX_UNCHECKED_BITFIELD = 1 << 20;
    /**
     * Unchecked bitfields up to this many bytes (512K pieces; metadata of 8 MiB lists at most 420K) are kept, so the
     * connection can go on into the download with what the peer told us; longer ones are skipped.
     */
    public static final int MAX_KEPT_BITFIELD = 64 * 1024;

    public static final int CHOKE = 0, UNCHOKE = 1, INTERESTED = 2, NOT_INTERESTED = 3, HAVE = 4, BITFIELD = 5,
            REQUEST = 6, PIECE = 7, CANCEL = 8, PORT = 9, SUGGEST = 0x0D, HAVE_ALL = 0x0E, HAVE_NONE = 0x0F,
            REJECT = 0x10, ALLOWED_FAST = 0x11, EXTENDED = 20;

    private final int bitfieldBytes;

    public WireCodec(int pieceCount) {
        this.bitfieldBytes = (pieceCount + 7) / 8;
    }

    /**
     * For a connection made before the torrent's metadata is known (BEP 9): a bitfield of any length up to
     * {@link #MAX_UNCHECKED_BITFIELD} is taken: up to {@link #MAX_KEPT_BITFIELD} bytes it comes back as a
     * {@link Message.Bitfield} to check once the piece count is known, longer ones are skipped unread and come back as
     * {@link Message.Unknown}.
     */
    public static WireCodec beforeMetadata() {
        return new WireCodec(-1, true);
    }

    /** The flag only tells this constructor from the public one: -1 bytes means "any length, skipped". */
    private WireCodec(int bitfieldBytes, boolean unchecked) {
        this.bitfieldBytes = bitfieldBytes;
    }

    public Message read(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == 0) return Message.KEEP_ALIVE;
        if (length < 0) throw new PeerProtocolException("negative message length");
        int id = in.readUnsignedByte();
        if (bitfieldBytes < 0 && id == BITFIELD && length <= 1 + MAX_UNCHECKED_BITFIELD) {
            if (length - 1 <= MAX_KEPT_BITFIELD) {
                byte[] bits = new byte[length - 1];
                in.readFully(bits);
                return new Message.Bitfield(bits);
            }
            in.skipNBytes(length - 1);
            return new Message.Unknown(id, length);
        }
        if (length > MAX_MESSAGE && !(id == BITFIELD && length == 1 + bitfieldBytes) && !(id == EXTENDED && length <= MAX_EXTENDED)) {
            throw new PeerProtocolException("message of " + length + " bytes is over the limit");
        }
        int body = length - 1;
        return switch (id) {
            case CHOKE -> empty(body, Message.CHOKE);
            case UNCHOKE -> empty(body, Message.UNCHOKE);
            case INTERESTED -> empty(body, Message.INTERESTED);
            case NOT_INTERESTED -> empty(body, Message.NOT_INTERESTED);
            case HAVE_ALL -> empty(body, Message.HAVE_ALL);
            case HAVE_NONE -> empty(body, Message.HAVE_NONE);
            case HAVE -> new Message.Have(oneInt(in, body));
            case SUGGEST -> new Message.SuggestPiece(oneInt(in, body));
            case ALLOWED_FAST -> new Message.AllowedFast(oneInt(in, body));
            case PORT -> {
                expect(body, 2);
                yield new Message.Port(in.readUnsignedShort());
            }
            case BITFIELD -> {
                if (body != bitfieldBytes) throw new PeerProtocolException("bitfield of " + body + " bytes, expected " + bitfieldBytes);
                byte[] bits = new byte[body];
                in.readFully(bits);
                yield new Message.Bitfield(bits);
            }
            case REQUEST, CANCEL, REJECT -> {
                expect(body, 12);
                int piece = in.readInt(), begin = in.readInt(), len = in.readInt();
                yield switch (id) {
                    case REQUEST -> new Message.Request(piece, begin, len);
                    case CANCEL -> new Message.Cancel(piece, begin, len);
                    default -> new Message.Reject(piece, begin, len);
                };
            }
            case PIECE -> {
                if (body < 8) throw new PeerProtocolException("piece message too short");
                int piece = in.readInt(), begin = in.readInt();
                byte[] data = new byte[body - 8];
                in.readFully(data);
                yield new Message.Piece(piece, begin, data);
            }
            case EXTENDED -> {
                if (body < 1) throw new PeerProtocolException("extended message without an id");
                int ext = in.readUnsignedByte();
                byte[] payload = new byte[body - 1];
                in.readFully(payload);
                yield new Message.Extended(ext, payload);
            }
            default -> {
                in.skipNBytes(body);
                yield new Message.Unknown(id, length);
            }
        };
    }

    private static Message empty(int body, Message m) throws PeerProtocolException {
        expect(body, 0);
        return m;
    }

    private static int oneInt(DataInputStream in, int body) throws IOException {
        expect(body, 4);
        return in.readInt();
    }

    private static void expect(int body, int wanted) throws PeerProtocolException {
        if (body != wanted) throw new PeerProtocolException("message body of " + body + " bytes, expected " + wanted);
    }

    /** Writes one message; the caller flushes. */
    public static void write(DataOutputStream out, Message m) throws IOException {
        switch (m) {
            case Message.KeepAlive k -> out.writeInt(0);
            case Message.Choke c -> header(out, 1, CHOKE);
            case Message.Unchoke u -> header(out, 1, UNCHOKE);
            case Message.Interested i -> header(out, 1, INTERESTED);
            case Message.NotInterested n -> header(out, 1, NOT_INTERESTED);
            case Message.HaveAll h -> header(out, 1, HAVE_ALL);
            case Message.HaveNone h -> header(out, 1, HAVE_NONE);
            case Message.Have h -> intMessage(out, HAVE, h.piece());
            case Message.SuggestPiece s -> intMessage(out, SUGGEST, s.piece());
            case Message.AllowedFast a -> intMessage(out, ALLOWED_FAST, a.piece());
            case Message.Port p -> {
                header(out, 3, PORT);
                out.writeShort(p.port());
            }
            case Message.Bitfield b -> {
                header(out, 1 + b.bits().length, BITFIELD);
                out.write(b.bits());
            }
            case Message.Request r -> triple(out, REQUEST, r.piece(), r.begin(), r.length());
            case Message.Cancel c -> triple(out, CANCEL, c.piece(), c.begin(), c.length());
            case Message.Reject r -> triple(out, REJECT, r.piece(), r.begin(), r.length());
            case Message.Piece p -> {
                header(out, 9 + p.data().length, PIECE);
                out.writeInt(p.piece());
                out.writeInt(p.begin());
                out.write(p.data());
            }
            case Message.Extended e -> {
                header(out, 2 + e.payload().length, EXTENDED);
                out.writeByte(e.extendedId());
                out.write(e.payload());
            }
            case Message.Unknown u -> throw new IllegalArgumentException("cannot send an unknown message");
        }
    }

    /** The length prefix, id, index and begin of a piece message: the header its data follows. */
    public static final int PIECE_HEADER = 13;

    /** Puts the header of a piece message whose data the caller sends next (saves a copy when serving) at {@code at}. */
    public static void putPieceHeader(ByteBuffer into, int at, int piece, int begin, int dataLength) {
        into.putInt(at, 9 + dataLength).put(at + 4, (byte) PIECE).putInt(at + 5, piece).putInt(at + 9, begin);
    }

    private static void header(DataOutputStream out, int length, int id) throws IOException {
        out.writeInt(length);
        out.writeByte(id);
    }

    private static void intMessage(DataOutputStream out, int id, int value) throws IOException {
        header(out, 5, id);
        out.writeInt(value);
    }

    private static void triple(DataOutputStream out, int id, int a, int b, int c) throws IOException {
        header(out, 13, id);
        out.writeInt(a);
        out.writeInt(b);
        out.writeInt(c);
    }
}
