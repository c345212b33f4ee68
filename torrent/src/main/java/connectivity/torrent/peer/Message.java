package connectivity.torrent.peer;

/** One message of the peer wire protocol (BEP 3), with the fast extension (BEP 6) and extended messages (BEP 10). */
public sealed interface Message {
    KeepAlive KEEP_ALIVE = new KeepAlive();
    Choke CHOKE = new Choke();
    Unchoke UNCHOKE = new Unchoke();
    Interested INTERESTED = new Interested();
    NotInterested NOT_INTERESTED = new NotInterested();
    HaveAll HAVE_ALL = new HaveAll();
    HaveNone HAVE_NONE = new HaveNone();

    record KeepAlive() implements Message {}

    record Choke() implements Message {}

    record Unchoke() implements Message {}

    record Interested() implements Message {}

    record NotInterested() implements Message {}

    record Have(int piece) implements Message {}

    /** The raw bitfield bytes, high bit of the first byte is piece 0. */
    record Bitfield(byte[] bits) implements Message {}

    record Request(int piece, int begin, int length) implements Message {}

    /** A block; {@code data} is owned by the message. */
    record Piece(int piece, int begin, byte[] data) implements Message {}

    record Cancel(int piece, int begin, int length) implements Message {}

    /** BEP 5's DHT port: we read it and ignore it. */
    record Port(int port) implements Message {}

    record SuggestPiece(int piece) implements Message {}

    record HaveAll() implements Message {}

    record HaveNone() implements Message {}

    record Reject(int piece, int begin, int length) implements Message {}

    record AllowedFast(int piece) implements Message {}

    /** BEP 10: id 0 is the extension handshake, others are the ids we announced in our {@code m} dict. */
    record Extended(int extendedId, byte[] payload) implements Message {}

    /** A message id we do not know; BEP 3 says to ignore it. */
    record Unknown(int id, int length) implements Message {}
}
