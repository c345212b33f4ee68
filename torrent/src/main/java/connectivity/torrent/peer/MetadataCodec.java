package connectivity.torrent.peer;

import connectivity.torrent.bencode.BDict;
import connectivity.torrent.bencode.BInt;
import connectivity.torrent.bencode.Bencode;
import connectivity.torrent.bencode.BencodeException;
import connectivity.torrent.bencode.BValue;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Reads and writes {@link MetadataMessage}s: a bencoded dictionary, followed, for data, by the piece's bytes. */
public final class MetadataCodec {
    static final int REQUEST = 0, DATA = 1, REJECT = 2;

    private MetadataCodec() {}

    public static byte[] encode(MetadataMessage m) {
        BDict.Builder d = BDict.builder();
        switch (m) {
            case MetadataMessage.Request r -> d.put("msg_type", REQUEST).put("piece", r.piece());
            case MetadataMessage.Reject r -> d.put("msg_type", REJECT).put("piece", r.piece());
            case MetadataMessage.Data r -> d.put("msg_type", DATA).put("piece", r.piece()).put("total_size", r.totalSize());
            case MetadataMessage.Unknown u -> d.put("msg_type", u.type()).put("piece", u.piece());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Bencode.encode(d.build()));
        if (m instanceof MetadataMessage.Data data) out.writeBytes(data.data());
        return out.toByteArray();
    }

    /** Refuses what is not a dictionary with an integer {@code msg_type} and a {@code piece} that fits an int. */
    public static MetadataMessage decode(byte[] payload) throws PeerProtocolException {
        Bencode.Prefix p;
        try {
            p = Bencode.decodePrefix(payload, 0, payload.length);
        } catch (BencodeException e) {
            throw new PeerProtocolException("bad ut_metadata message: " + e.getMessage());
        }
        if (!(p.value() instanceof BDict d)) throw new PeerProtocolException("ut_metadata message is not a dictionary");
        long type = integer(d, "msg_type");
        long piece = integer(d, "piece");
        if (piece < 0 || piece > Integer.MAX_VALUE) throw new PeerProtocolException("ut_metadata piece " + piece + " out of range");
        int at = p.end();
        return switch ((int) Math.max(-1, Math.min(type, 3))) {
            case REQUEST -> new MetadataMessage.Request((int) piece);
            case REJECT -> new MetadataMessage.Reject((int) piece);
            case DATA -> {
                long total = integer(d, "total_size");
                yield new MetadataMessage.Data((int) piece, total, Arrays.copyOfRange(payload, at, payload.length));
            }
            default -> new MetadataMessage.Unknown((int) piece, type);
        };
    }

    private static long integer(BDict d, String key) throws PeerProtocolException {
        BValue v = d.get(key).orElseThrow(() -> new PeerProtocolException("ut_metadata message without '" + key + "'"));
        if (!(v instanceof BInt i)) throw new PeerProtocolException("ut_metadata '" + key + "' is not an integer");
        return i.value();
    }
}
