package connectivity.torrent.swarm;

import connectivity.torrent.peer.Message;
import connectivity.torrent.peer.MetadataCodec;
import connectivity.torrent.peer.MetadataMessage;
import connectivity.torrent.peer.PeerProtocolException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.WeakHashMap;

/**
 * BEP 9's {@code ut_metadata} for the peers of a swarm: it sends the info dictionary, in 16 KiB pieces, to peers that
 * came with only a magnet link. What one peer gets is bounded: each piece a few times over, then rejects, and a peer
 * that keeps asking past that is dropped. Without the dictionary (a layout built by hand) every request is rejected.
 */
final class MetadataServer implements ExtensionHandler {
    static final String NAME = MetadataMessage.EXTENSION_NAME;
    /** Data answers per piece per connection: enough to retry, not enough to make us a firehose. */
    static final int ANSWERS_PER_PIECE = 4;

    private final byte[] info;
    private final int pieces;
    private final int maxAnswers;
    /** Requests answered per peer; weak, so a closed session's count goes with it. */
    private final Map<PeerSession, int[]> asked = Collections.synchronizedMap(new WeakHashMap<>());

    MetadataServer(Optional<byte[]> info) {
        this.info = info.orElse(null);
        this.pieces = this.info == null ? 0 : (this.info.length + MetadataMessage.PIECE_SIZE - 1) / MetadataMessage.PIECE_SIZE;
        this.maxAnswers = ANSWERS_PER_PIECE * pieces + 8;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OptionalLong metadataSize() {
        return info == null ? OptionalLong.empty() : OptionalLong.of(info.length);
    }

    @Override
    public void onMessage(PeerSession from, byte[] payload) throws PeerProtocolException {
        MetadataMessage m = MetadataCodec.decode(payload);
        if (!(m instanceof MetadataMessage.Request r)) return; // we never ask peers of a swarm for metadata
        OptionalInt theirId = from.theirExtensionId(NAME);
        if (theirId.isEmpty()) throw new PeerProtocolException("ut_metadata request without ut_metadata in its handshake");
        int count;
        synchronized (asked) {
            count = ++asked.computeIfAbsent(from, s -> new int[1])[0];
        }
        if (count > 2 * maxAnswers) throw new PeerProtocolException("over " + 2 * maxAnswers + " ut_metadata requests");
        MetadataMessage answer = answer(r.piece(), count <= maxAnswers);
        from.send(new Message.Extended(theirId.getAsInt(), MetadataCodec.encode(answer)));
    }

    /** The piece, or a reject when it is out of range, we have no dictionary, or the peer has had its share. */
    MetadataMessage answer(int piece, boolean withinShare) {
        if (info == null || !withinShare || piece < 0 || piece >= pieces) return new MetadataMessage.Reject(piece);
        int from = piece * MetadataMessage.PIECE_SIZE;
        int to = Math.min(info.length, from + MetadataMessage.PIECE_SIZE);
        return new MetadataMessage.Data(piece, info.length, Arrays.copyOfRange(info, from, to));
    }
}
