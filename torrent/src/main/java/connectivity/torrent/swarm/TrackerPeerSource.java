package connectivity.torrent.swarm;

import connectivity.torrent.meta.InfoHash;
import connectivity.torrent.tracker.AnnounceEvent;
import connectivity.torrent.tracker.AnnounceRequest;
import connectivity.torrent.tracker.AnnounceResponse;
import connectivity.torrent.tracker.HttpAnnounceTransport;
import connectivity.torrent.tracker.TrackerClient;
import connectivity.torrent.tracker.TrackerException;
import connectivity.torrent.tracker.TrackerPeer;
import connectivity.torrent.tracker.udp.UdpTimings;
import connectivity.torrent.tracker.udp.UdpTrackerClient;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Peers from the torrent's HTTP and UDP trackers, tier by tier (BEP 12), through the project's {@link TrackerClient}. */
public final class TrackerPeerSource implements PeerSource {
    private final TrackerClient client;
    private final HttpAnnounceTransport http;
    private final InfoHash infoHash;
    private final String key;

    public TrackerPeerSource(List<List<String>> tiers, InfoHash infoHash) {
        this(tiers, infoHash, UdpTimings.DEFAULT);
    }

    /** With the UDP trackers' timings given (tests shorten them). */
    public TrackerPeerSource(List<List<String>> tiers, InfoHash infoHash, UdpTimings udpTimings) {
        this.http = new HttpAnnounceTransport(Duration.ofSeconds(10));
        this.client = new TrackerClient(tiers, http, new UdpTrackerClient(udpTimings, Clock.systemUTC(), new SecureRandom()), new SecureRandom());
        this.infoHash = infoHash;
        byte[] k = new byte[4];
        new SecureRandom().nextBytes(k);
        this.key = HexFormat.of().formatHex(k);
    }

    @Override
    public Response announce(Event event, Stats stats) throws IOException {
        AnnounceEvent e = switch (event) {
            case NONE -> AnnounceEvent.NONE;
            case STARTED -> AnnounceEvent.STARTED;
            case COMPLETED -> AnnounceEvent.COMPLETED;
            case STOPPED -> AnnounceEvent.STOPPED;
        };
        AnnounceRequest request = new AnnounceRequest(infoHash, stats.peerId(), stats.port(), stats.uploaded(), stats.downloaded(),
                stats.left(), e, event == Event.STOPPED ? 0 : 80, Optional.of(key), Optional.empty());
        try {
            AnnounceResponse r = client.announce(request);
            Duration interval = r.interval().compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : r.interval();
            return new Response(interval, r.peers().stream().map(TrackerPeer::address).toList());
        } catch (TrackerException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    @Override
    public void close() {
        client.close();
        http.close();
    }
}
