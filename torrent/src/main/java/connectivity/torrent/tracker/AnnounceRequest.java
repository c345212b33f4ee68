package connectivity.torrent.tracker;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.meta.UrlBytes;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client tells the tracker (BEP 3).
 *
 * @param key a random value that stays the same for this torrent session, so the tracker can tell it is us
 * @param ip an address to announce instead of the one the tracker sees (empty: let the tracker decide)
 */
public record AnnounceRequest(InfoHash infoHash, byte[] peerId, int port, long uploaded, long downloaded, long left,
        AnnounceEvent event, int numwant, Optional<String> key, Optional<String> ip) {
    public AnnounceRequest {
        Objects.requireNonNull(infoHash);
        peerId = peerId.clone();
        if (peerId.length != 20) throw new IllegalArgumentException("a peer id has 20 bytes");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range");
        if (uploaded < 0 || downloaded < 0 || left < 0 || numwant < 0) throw new IllegalArgumentException("negative counter");
        Objects.requireNonNull(event);
    }

    public static AnnounceRequest of(InfoHash infoHash, byte[] peerId, int port, long left, AnnounceEvent event) {
        return new AnnounceRequest(infoHash, peerId, port, 0, 0, left, event, 50, Optional.empty(), Optional.empty());
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    /** The query string, without '?'; always asks for compact peer lists. */
    public String query() {
        StringBuilder q = new StringBuilder(256)
                .append("info_hash=").append(infoHash.urlEncoded())
                .append("&peer_id=").append(UrlBytes.encode(peerId))
                .append("&port=").append(port)
                .append("&uploaded=").append(uploaded)
                .append("&downloaded=").append(downloaded)
                .append("&left=").append(left)
                .append("&compact=1")
                .append("&numwant=").append(numwant);
        if (event != AnnounceEvent.NONE) q.append("&event=").append(event.wire());
        key.ifPresent(k -> q.append("&key=").append(UrlBytes.encode(k.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        ip.ifPresent(a -> q.append("&ip=").append(UrlBytes.encode(a.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        return q.toString();
    }
}
