package connectivity.torrent.tracker.udp;

import connectivity.torrent.meta.InfoHash;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One datagram of the UDP tracker protocol (BEP 15, with BEP 41's URL data): requests go from client to
 * tracker, replies back. {@link UdpCodec} is the only place that knows the bytes.
 */
public sealed interface UdpMessage {
    /** The transaction id the client chose; a reply carries the request's. */
    int transactionId();

    /** Client to tracker. */
    sealed interface Request extends UdpMessage {}

    /** Tracker to client. */
    sealed interface Reply extends UdpMessage {}

    /** Asks for a connection id. */
    record Connect(int transactionId) implements Request {}

    record Connected(int transactionId, long connectionId) implements Reply {}

    /**
     * An announce. {@code event} uses BEP 15's numbering through {@link UdpCodec#event}; {@code ipv4} is 0 to
     * let the tracker use the sender's address; {@code numWant} -1 asks for the tracker's default.
     *
     * @param urlData BEP 41's URL data (the path and query of the tracker URL), empty when none was sent
     */
    record Announce(long connectionId, int transactionId, InfoHash infoHash, byte[] peerId, long downloaded, long left,
            long uploaded, int event, int ipv4, int key, int numWant, int port, Optional<String> urlData) implements Request {
        public Announce {
            Objects.requireNonNull(infoHash);
            if (peerId.length != 20) throw new IllegalArgumentException("a peer id has 20 bytes");
            peerId = peerId.clone();
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range");
            Objects.requireNonNull(urlData);
        }

        @Override
        public byte[] peerId() {
            return peerId.clone();
        }
    }

    /**
     * The peers of an announce reply: all IPv4 or all IPv6, as the address family the request came over
     * (BEP 15 leaves no way to mix them in one reply).
     */
    record Announced(int transactionId, int interval, int leechers, int seeders, CompactPeers compactPeers) implements Reply {
        public Announced {
            Objects.requireNonNull(compactPeers);
        }

        /** @throws IllegalArgumentException if the peers are not all of one family */
        public Announced(int transactionId, int interval, int leechers, int seeders, List<InetSocketAddress> peers) {
            this(transactionId, interval, leechers, seeders, CompactPeers.of(peers));
        }

        /** The peers as addresses. */
        public List<InetSocketAddress> peers() {
            return compactPeers.addresses();
        }
    }

    /** A scrape of up to {@link UdpCodec#MAX_SCRAPE_HASHES} swarms. */
    record Scrape(long connectionId, int transactionId, List<InfoHash> infoHashes) implements Request {
        public Scrape {
            infoHashes = List.copyOf(infoHashes);
            if (infoHashes.isEmpty() || infoHashes.size() > UdpCodec.MAX_SCRAPE_HASHES) {
                throw new IllegalArgumentException("a scrape names 1 to " + UdpCodec.MAX_SCRAPE_HASHES + " info-hashes");
            }
        }
    }

    /** One swarm's counts, in the order of the scrape's hashes. */
    record ScrapeCounts(int seeders, int completed, int leechers) {}

    record Scraped(int transactionId, List<ScrapeCounts> counts) implements Reply {
        public Scraped {
            counts = List.copyOf(counts);
        }
    }

    /** The tracker refused; {@code message} says why. */
    record Error(int transactionId, String message) implements Reply {
        public Error {
            Objects.requireNonNull(message);
        }
    }
}
